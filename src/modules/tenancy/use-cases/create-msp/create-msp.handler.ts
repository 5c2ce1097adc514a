import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { contextOf } from '../../../../shared/application/command-context';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { ReadYourWrites } from '../../../../shared/application/read-your-writes';
import { TenantAccess } from '../../../accounts/auth/tenant-access.service';
import { mspDecider, mspStream } from '../../domain/msp.decider';
import { CreateMspCommand } from './create-msp.command';

/**
 * No read model shows MSPs today; the command still answers after the projection has passed its
 * event, like every command, so that whatever a read model shows of an MSP later is read-your-writes.
 */
@CommandHandler(CreateMspCommand)
export class CreateMspHandler implements ICommandHandler<CreateMspCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly access: TenantAccess,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ caller, name }: CreateMspCommand) {
    this.access.requireOperator(caller.principal);
    const mspId = randomUUID();
    const result = await this.repository.decideAndAppend(
      mspStream(mspId),
      mspDecider,
      { type: 'CreateMsp', mspId, name },
      contextOf(caller),
    );
    await this.readYourWrites.after(result.position);
    return { id: result.state.mspId, name: result.state.name };
  }
}
