import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { contextOf } from '../../../../shared/application/command-context';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { ReadYourWrites } from '../../../../shared/application/read-your-writes';
import { TenantAccess } from '../../../accounts/auth/tenant-access.service';
import { tenantDecider } from '../../domain/tenant.decider';
import { tenantStream } from '../../domain/tenant.events';
import { CreateTenantCommand } from './create-tenant.command';

@CommandHandler(CreateTenantCommand)
export class CreateTenantHandler implements ICommandHandler<CreateTenantCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly access: TenantAccess,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ caller, mspId, name }: CreateTenantCommand) {
    await this.access.requireMspAccess(caller.principal, mspId, 'manage');
    const tenantId = randomUUID();
    const result = await this.repository.decideAndAppend(
      tenantStream(tenantId),
      tenantDecider,
      { type: 'CreateTenant', tenantId, mspId, name: name.trim() },
      contextOf(caller),
    );
    await this.readYourWrites.after(result.position);
    return { id: tenantId, name: result.state.name, mspId };
  }
}
