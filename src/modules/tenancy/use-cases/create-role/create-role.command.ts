import { Command } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';
import { Role } from '../../domain/roles';

export class CreateRoleCommand extends Command<Role> {
  constructor(readonly caller: Caller, readonly tenantId: string, readonly name: string) {
    super();
  }
}
