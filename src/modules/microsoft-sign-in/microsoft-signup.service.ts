import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CommandContext } from '../../shared/application/command-context';
import { EventSourcedRepository } from '../../shared/application/event-sourced-repository';
import { READ_MODELS, ReadModels } from '../../shared/application/read-models.port';
import { ReadYourWrites } from '../../shared/application/read-your-writes';
import { conflict, forbidden, notFound } from '../../shared/domain/domain-error';
import { AccountRegistration } from '../accounts/application/account-registration.service';
import { SessionService } from '../accounts/auth/session.service';
import { emailReservationStream, normalizeEmail } from '../accounts/domain/email';
import { emailReservationDecider, USER_ALREADY_REGISTERED } from '../accounts/domain/email-reservation.decider';
import { microsoftIdentityDecider, microsoftIdentityStream } from '../accounts/domain/microsoft-identity.decider';
import { InviteTokenService } from '../invite-links/application/invite-token.service';
import { isEmailDomainAllowed } from '../invite-links/domain/allowed-domains';
import {
  acceptsToken,
  EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE,
  INVALID_LINK_MESSAGE,
  tenantDecider,
} from '../tenancy/domain/tenant.decider';
import { tenantStream } from '../tenancy/domain/tenant.events';
import { MicrosoftIdentity } from './microsoft-oidc.client';

export const MICROSOFT_EMAIL_NOT_VERIFIED_MESSAGE = 'Your Microsoft account did not provide a verified email address.';

/** Same as the password signup: an unknown token costs the same look-ups as a disabled one (R16). */
const NO_TENANT = '00000000-0000-4000-8000-000000000000';

export interface MicrosoftSignupResult {
  readonly userId: string;
  readonly tenantId: string;
  readonly sessionToken: string;
}

/**
 * Self-signup through an invite link with a Microsoft account (SPEC §6, R11, R12, R15, R16, R18,
 * R22). The account is keyed by `(tid, oid)`: a reservation stream per identity, appended with
 * "no stream", so one Microsoft account makes at most one account here. The verified email is
 * still reserved (R11): an address already used by any account, password or Microsoft, is
 * refused, and nothing is ever linked by email (an attacker's tenant can put any address in
 * `email`; that is what `xms_edov` and the refusal defend against: nOAuth). Tenant and role come
 * from the invite, decided on the tenant stream at the join (R22), never from claims.
 */
@Injectable()
export class MicrosoftSignup {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly registration: AccountRegistration,
    private readonly tokens: InviteTokenService,
    private readonly sessions: SessionService,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  /** The tenant whose current link accepts this token, or null (R16). */
  async findLink(token: string): Promise<{ tenantId: string; tokenHash: string } | null> {
    const tokenHash = this.tokens.hash(token);
    const tenantId = await this.readModels.tenantIdByTokenHash(tokenHash);
    const { state } = await this.repository.load(tenantStream(tenantId ?? NO_TENANT), tenantDecider);
    return tenantId !== null && acceptsToken(state, tokenHash) ? { tenantId, tokenHash } : null;
  }

  /**
   * Creates the account of a Microsoft identity that came back from an invite link. Throws
   * DomainErrors: `forbidden` microsoft_email_not_verified; `not_found` invalid_invite_link (the
   * link no longer accepts the token); `conflict` user_already_registered (identity or email);
   * `forbidden` email_domain_not_allowed.
   */
  async signUp(
    flow: { tenantId: string; tokenHash: string },
    identity: MicrosoftIdentity,
    correlationId: string,
  ): Promise<MicrosoftSignupResult> {
    const email = identity.emailVerified && identity.email !== null ? normalizeEmail(identity.email) : null;
    if (email === null) throw forbidden('microsoft_email_not_verified', MICROSOFT_EMAIL_NOT_VERIFIED_MESSAGE);
    const { tenantId, tokenHash } = flow;
    const tenant = await this.repository.load(tenantStream(tenantId), tenantDecider);
    if (!acceptsToken(tenant.state, tokenHash)) throw notFound('invalid_invite_link', INVALID_LINK_MESSAGE);

    // Early answers for the usual cases; the appends below decide again under concurrency.
    const identityStream = microsoftIdentityStream(identity.tid, identity.oid);
    const known = await this.repository.load(identityStream, microsoftIdentityDecider);
    if (known.state.reservedBy !== null) throw conflict('user_already_registered', USER_ALREADY_REGISTERED);
    const reservation = await this.repository.load(emailReservationStream(email), emailReservationDecider);
    if (reservation.state.reservedBy !== null) throw conflict('user_already_registered', USER_ALREADY_REGISTERED);
    if (!isEmailDomainAllowed(email, tenant.state.inviteLink.allowedDomains)) {
      throw forbidden('email_domain_not_allowed', EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE);
    }

    const userId = randomUUID();
    const context: CommandContext = { actor: { type: 'new_user', id: userId }, correlationId };
    const { firstName, lastName } = namesOf(identity.name);
    const { position } = await this.registration.register(
      { email, firstName, lastName },
      context,
      async (newUserId) => {
        const joined = await this.repository.execute(
          tenantStream(tenantId),
          tenantDecider,
          { type: 'JoinViaInviteLink', userId: newUserId, tokenHash, email, method: 'microsoft' },
          context,
        );
        return joined.position;
      },
      { userId, purpose: { kind: 'invite_link', tenantId }, identityReservation: identityStream },
    );
    await this.readYourWrites.after(position);
    return { userId, tenantId, sessionToken: await this.sessions.issue(userId) };
  }
}

/** "Ada Lovelace" → Ada / Lovelace; the display name is only a courtesy, it may be absent. */
function namesOf(name: string | null): { firstName: string; lastName: string } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  return { firstName: (parts[0] ?? '').slice(0, 100), lastName: parts.slice(1).join(' ').slice(0, 100) };
}
