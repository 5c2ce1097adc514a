import { Command } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';
import { AccountDetails } from '../../application/account-registration.service';

/** "Add Users": an admin creates a member of the tenant with a role. */
export class AddTenantUserCommand extends Command<{ userId: string }> {
  constructor(
    readonly caller: Caller,
    readonly tenantId: string,
    readonly account: AccountDetails,
    readonly roleId: string,
  ) {
    super();
  }
}
