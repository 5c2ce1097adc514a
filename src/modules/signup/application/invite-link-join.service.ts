import { Injectable } from '@nestjs/common';
import { CommandContext } from '../../../shared/application/command-context';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { ReadYourWrites } from '../../../shared/application/read-your-writes';
import { conflict, forbidden } from '../../../shared/domain/domain-error';
import { AccountRegistration, NewAccount, RegistrationOptions } from '../../accounts/application/account-registration.service';
import { emailReservationStream } from '../../../shared/domain/email';
import { emailReservationDecider, USER_ALREADY_REGISTERED } from '../../accounts/domain/email-reservation.decider';
import { isEmailDomainAllowed } from '../../invite-links/domain/allowed-domains';
import { EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE } from '../../invite-links/domain/invite-link.messages';
import { tenantDecider } from '../../tenancy/domain/tenant.decider';
import { MemberJoinedViaInviteLink } from '../../invite-links/domain/invite-link.events';
import { tenantStream } from '../../tenancy/domain/tenant.events';

export interface JoinThroughLink {
  readonly tenantId: string;
  readonly tokenHash: string;
  /** Normalized. */
  readonly email: string;
  readonly method: 'password' | 'microsoft';
  /** The `tid` of a Microsoft signup: the tenant decider checks it against the link's list. */
  readonly microsoftTenantId?: string;
  readonly account: NewAccount;
  readonly context: CommandContext;
  readonly options: RegistrationOptions;
}

/**
 * What every signup through an invite link shares, whatever the sign-in method: the early
 * answers (R11 registered email before R12 domain, read on the write side), then the account
 * registration whose last step appends the membership with the tenant decider at the stream's
 * revision (R22: a link that changed meanwhile makes it fail and the account is undone; R15:
 * the role granted is the default at that append), then read-your-writes.
 */
@Injectable()
export class InviteLinkJoin {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly registration: AccountRegistration,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /** Early answers for the usual cases; the appends of `join` decide again under concurrency. */
  async assertEmailMayJoin(email: string, allowedDomains: readonly string[]): Promise<void> {
    const stream = emailReservationStream(email);
    const reservation = await this.repository.load(stream, emailReservationDecider);
    // Held by a registration that can no longer finish by itself (a crash of this instance's
    // earlier run interrupted it, or its email verification expired): decided now.
    if (reservation.state.reservedBy !== null && !(await this.registration.releaseIfStale(stream))) {
      throw conflict('user_already_registered', USER_ALREADY_REGISTERED);
    }
    if (!isEmailDomainAllowed(email, allowedDomains)) {
      throw forbidden('email_domain_not_allowed', EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE);
    }
  }

  /** Registers the account and its membership; resolves with the role granted. */
  async join({ tenantId, tokenHash, email, method, microsoftTenantId, account, context, options }: JoinThroughLink): Promise<{ roleId: string }> {
    let roleId = '';
    const { position } = await this.registration.register(
      account,
      context,
      async (userId) => {
        const joined = await this.appendMembership({ tenantId, userId, tokenHash, email, method, microsoftTenantId, context });
        roleId = joined.roleId;
        return joined.position;
      },
      options,
    );
    await this.readYourWrites.after(position);
    return { roleId };
  }

  /**
   * The membership step alone, for an account that exists already (a signup that confirmed its
   * email): decided by the tenant decider at the stream's revision against `tokenHash` (R22), with
   * the default role at that append (R15). Throws the decider's refusal.
   */
  async appendMembership(membership: {
    tenantId: string;
    userId: string;
    tokenHash: string;
    email: string;
    method: 'password' | 'microsoft';
    microsoftTenantId?: string;
    context: CommandContext;
  }): Promise<{ roleId: string; position?: number }> {
    const { tenantId, userId, tokenHash, email, method, microsoftTenantId, context } = membership;
    const joined = await this.repository.decideAndAppend(
      tenantStream(tenantId),
      tenantDecider,
      { type: 'JoinViaInviteLink', userId, tokenHash, email, method, microsoftTenantId },
      context,
    );
    const event = joined.events.find((e): e is MemberJoinedViaInviteLink => e.type === 'MemberJoinedViaInviteLink');
    return { roleId: event?.data.roleId ?? '', position: joined.position };
  }
}
