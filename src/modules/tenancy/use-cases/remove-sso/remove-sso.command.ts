import { Command } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';

export class RemoveSsoCommand extends Command<void> {
  constructor(readonly caller: Caller, readonly tenantId: string) {
    super();
  }
}
