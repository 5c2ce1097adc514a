import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { contextOf } from '../../../../shared/application/command-context';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { ReadYourWrites } from '../../../../shared/application/read-your-writes';
import { DomainError } from '../../../../shared/domain/domain-error';
import { emailReservationStream, parseEmail } from '../../../../shared/domain/email';
import { tenantDecider } from '../../../tenancy/domain/tenant.decider';
import { tenantStream } from '../../../tenancy/domain/tenant.events';
import { TenantState } from '../../../tenancy/domain/tenant.state';
import { AccountRegistration } from '../../application/account-registration.service';
import { TenantAccess } from '../../auth/tenant-access.service';
import { emailRefusal, passwordRefusal, withEveryFieldProblem } from '../../domain/account-details.rules';
import { emailReservationDecider, USER_ALREADY_REGISTERED } from '../../domain/email-reservation.decider';
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
    await this.refuseEveryProblemAtOnce(tenant.state, account.email, account.password, roleId);
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

  /**
   * The 422s before anything is written, in the documented order (role, email, password): the
   * first one answers, as before, and its `errors` list every field's problem, so that the
   * dialog shows them all after one submit. A well-formed email that an account already has is
   * one of them then: read from its reservation stream as a hint only (the registration's
   * append still decides, and answers the 409 when the email is the only problem).
   */
  private async refuseEveryProblemAtOnce(tenant: TenantState, email: string, password: string, roleId: string): Promise<void> {
    const refusals: DomainError[] = [];
    try {
      // The membership append checks the role again.
      tenantDecider.decide({ type: 'AddMember', userId: 'check-only', roleId }, tenant);
    } catch (error) {
      // A canceled tenant (409) answers before any 422.
      if (!(error instanceof DomainError) || error.kind !== 'validation') throw error;
      refusals.push(error);
    }
    const parsed = parseEmail(email);
    const badEmail = emailRefusal(parsed);
    if (badEmail) refusals.push(badEmail);
    const weak = passwordRefusal(password);
    if (weak) refusals.push(weak);
    if (refusals.length === 0) return;
    const taken = parsed.ok && (await this.hasAccount(parsed.email));
    throw withEveryFieldProblem(refusals, taken ? [{ field: 'email', message: USER_ALREADY_REGISTERED }] : []);
  }

  /** A whole account holds the email (an open registration may still be undone: not counted). */
  private async hasAccount(normalizedEmail: string): Promise<boolean> {
    const { state } = await this.repository.load(emailReservationStream(normalizedEmail), emailReservationDecider);
    return state.reservedBy !== null && state.completed;
  }
}
