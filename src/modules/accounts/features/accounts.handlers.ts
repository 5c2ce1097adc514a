import { Inject, UnauthorizedException } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { contextOf } from '../../../shared/application/command-context';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { READ_MODELS, ReadModels } from '../../../shared/application/read-models.port';
import { ReadYourWrites } from '../../../shared/application/read-your-writes';
import { forbidden } from '../../../shared/domain/domain-error';
import { tenantDecider } from '../../tenancy/domain/tenant.decider';
import { tenantStream } from '../../tenancy/domain/tenant.events';
import { AccountRegistration } from '../application/account-registration.service';
import { PasswordHasher } from '../application/password-hasher';
import { SessionService } from '../auth/session.service';
import { TenantAccess } from '../auth/tenant-access.service';
import { emailReservationStream, normalizeEmail } from '../../../shared/domain/email';
import { emailReservationDecider } from '../domain/email-reservation.decider';
import { userDecider, userStream } from '../domain/user.decider';
import {
  AddTenantUserCommand,
  CreateMspAdminCommand,
  GetMeQuery,
  ListTenantUsersQuery,
  SignInCommand,
} from './accounts.commands';

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

@QueryHandler(ListTenantUsersQuery)
export class ListTenantUsersHandler implements IQueryHandler<ListTenantUsersQuery> {
  constructor(
    private readonly access: TenantAccess,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  async execute({ caller, tenantId, limit, cursor }: ListTenantUsersQuery) {
    await this.access.requireTenant(caller.principal, tenantId, 'read');
    return this.readModels.listTenantUsers(tenantId, { limit, cursor });
  }
}

/** Password sign-in for every account; the same answer and cost for every kind of failure. */
@CommandHandler(SignInCommand)
export class SignInHandler implements ICommandHandler<SignInCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionService,
  ) {}

  async execute({ email, password }: SignInCommand) {
    const normalized = normalizeEmail(email);
    let user = userDecider.initialState;
    if (normalized) {
      const reservation = await this.repository.load(emailReservationStream(normalized), emailReservationDecider);
      const owner = reservation.state.reservedBy;
      if (owner) user = (await this.repository.load(userStream(owner), userDecider)).state;
    }
    const usable = user.exists && !user.closed;
    const valid = await this.passwords.verify(usable ? user.passwordHash : null, password);
    if (!usable || !valid) throw new UnauthorizedException('Invalid email or password');
    return { accessToken: await this.sessions.issue(user.userId), userId: user.userId };
  }
}

@QueryHandler(GetMeQuery)
export class GetMeHandler implements IQueryHandler<GetMeQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ principal }: GetMeQuery) {
    if (principal.kind !== 'user') {
      throw forbidden('operator_has_no_account', 'The operator token has no user account; sign in as a user');
    }
    const { user } = principal;
    return {
      id: user.userId,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      memberships: await this.readModels.membershipsOfUser(user.userId),
      msp: user.msp ? { mspId: user.msp.mspId, permissions: [...user.msp.permissions] } : null,
    };
  }
}
