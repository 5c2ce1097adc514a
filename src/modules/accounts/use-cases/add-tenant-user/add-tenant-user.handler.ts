import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { contextOf } from '../../../../shared/application/command-context';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { ReadYourWrites } from '../../../../shared/application/read-your-writes';
import { tenantDecider } from '../../../tenancy/domain/tenant.decider';
import { tenantStream } from '../../../tenancy/domain/tenant.events';
import { AccountRegistration } from '../../application/account-registration.service';
import { TenantAccess } from '../../auth/tenant-access.service';
import { AddTenantUserCommand } from './add-tenant-user.command';

/** "Add Users": an admin creates a member of the tenant with a role. */
@CommandHandler(AddTenantUserCommand)
export class AddTenantUserHandler implements ICommandHandler<AddTenantUserCommand> {
  constructor(
    private readonly access: TenantAccess,
    private readonly registration: AccountRegistration,
    private readonly repository: EventSourcedRepository,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ caller, tenantId, account, roleId }: AddTenantUserCommand) {
    const tenant = await this.access.requireTenant(caller.principal, tenantId, 'manage');
    // Check the role before anything is written; the membership append checks it again.
    tenantDecider.decide({ type: 'AddMember', userId: 'check-only', roleId }, tenant.state);
    const context = contextOf(caller);
    const { userId, position } = await this.registration.register(account, context, async (newUserId) => {
      const result = await this.repository.decideAndAppend(
        tenantStream(tenantId),
        tenantDecider,
        { type: 'AddMember', userId: newUserId, roleId },
        context,
      );
      return result.position;
    });
    await this.readYourWrites.after(position);
    return { userId };
  }
}
