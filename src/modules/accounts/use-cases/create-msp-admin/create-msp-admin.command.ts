import { Command } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';
import { MspPermission } from '../../../../shared/domain/msp-permissions';
import { AccountDetails } from '../../application/account-registration.service';

export class CreateMspAdminCommand extends Command<{ id: string }> {
  constructor(
    readonly caller: Caller,
    readonly mspId: string,
    readonly account: AccountDetails,
    readonly permissions: MspPermission[],
  ) {
    super();
  }
}
