import { Command } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';

export class CreateTenantCommand extends Command<{ id: string; name: string; mspId: string }> {
  constructor(readonly caller: Caller, readonly mspId: string, readonly name: string) {
    super();
  }
}
