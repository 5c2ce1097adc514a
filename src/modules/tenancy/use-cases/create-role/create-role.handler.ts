import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { TenantCommands } from '../../application/tenant-commands.service';
import { findRole } from '../../domain/tenant.state';
import { CreateRoleCommand } from './create-role.command';

@CommandHandler(CreateRoleCommand)
export class CreateRoleHandler implements ICommandHandler<CreateRoleCommand> {
  constructor(private readonly tenants: TenantCommands) {}

  async execute({ caller, tenantId, name }: CreateRoleCommand) {
    const roleId = randomUUID();
    const { state } = await this.tenants.run(caller, tenantId, { type: 'CreateRole', roleId, name });
    return findRole(state, roleId)!;
  }
}
