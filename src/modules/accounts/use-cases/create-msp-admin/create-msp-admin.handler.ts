import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { contextOf } from '../../../../shared/application/command-context';
import { ReadYourWrites } from '../../../../shared/application/read-your-writes';
import { AccountRegistration } from '../../application/account-registration.service';
import { TenantAccess } from '../../auth/tenant-access.service';
import { CreateMspAdminCommand } from './create-msp-admin.command';

@CommandHandler(CreateMspAdminCommand)
export class CreateMspAdminHandler implements ICommandHandler<CreateMspAdminCommand> {
  constructor(
    private readonly access: TenantAccess,
    private readonly registration: AccountRegistration,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ caller, mspId, account, permissions }: CreateMspAdminCommand) {
    this.access.requireOperator(caller.principal);
    await this.access.requireMspAccess(caller.principal, mspId, 'manage');
    const { userId, position } = await this.registration.register(
      { ...account, msp: { mspId, permissions: [...new Set(permissions)] } },
      contextOf(caller),
    );
    // The users read model holds the new account (memberships copy its name and email from it).
    await this.readYourWrites.after(position);
    return { id: userId };
  }
}
