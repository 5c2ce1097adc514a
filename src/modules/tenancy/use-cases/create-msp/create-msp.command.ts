import { Command } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';

export class CreateMspCommand extends Command<{ id: string; name: string }> {
  constructor(readonly caller: Caller, readonly name: string) {
    super();
  }
}
