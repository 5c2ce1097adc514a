import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { SIGNUP_REFUSALS, SignupRefusals } from '../../../../shared/application/signup-refusals.port';
import { conflict, forbidden, notFound } from '../../../../shared/domain/domain-error';
import { NAME_MAX_LENGTH } from '../../../../shared/domain/names';
import { firstCharacters, withoutUnsafeCharacters } from '../../../../shared/domain/unsafe-characters';
import { SessionService } from '../../../accounts/auth/session.service';
import { normalizeEmail } from '../../../../shared/domain/email';
import { USER_ALREADY_REGISTERED } from '../../../accounts/domain/email-reservation.decider';
import { microsoftIdentityDecider, microsoftIdentityStream } from '../../../accounts/domain/microsoft-identity.decider';
import { InviteLinkLookup } from '../../../invite-links/application/invite-link-lookup.service';
import { isMicrosoftTenantAllowed } from '../../../invite-links/domain/microsoft-tenants';
import { acceptsToken } from '../../../invite-links/domain/invite-link.availability';
import {
  INVALID_LINK_MESSAGE,
  MICROSOFT_TENANT_NOT_ALLOWED_MESSAGE,
} from '../../../invite-links/domain/invite-link.messages';
import { tenantDecider } from '../../../tenancy/domain/tenant.decider';
import { tenantStream } from '../../../tenancy/domain/tenant.events';
import { InviteLinkJoin } from '../../../signup/application/invite-link-join.service';
import { countingRefusals } from '../../../signup/application/signup-refusals';
import { MicrosoftIdentity } from '../../application/microsoft-oidc.client';

export const MICROSOFT_EMAIL_NOT_VERIFIED_MESSAGE = 'Your Microsoft account did not provide a verified email address.';


export interface MicrosoftSignupResult {
  readonly userId: string;
  readonly tenantId: string;
  readonly sessionToken: string;
}

/**
 * Self-signup through an invite link with a Microsoft account (docs/http-api.md, Microsoft sign-in, R11, R12, R15, R16, R18,
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
    private readonly joins: InviteLinkJoin,
    private readonly links: InviteLinkLookup,
    private readonly sessions: SessionService,
    @Inject(SIGNUP_REFUSALS) private readonly refusals: SignupRefusals,
  ) {}

  /**
   * The tenant whose current link accepts this token, or null (R16). Asked when a signup with
   * Microsoft starts, so a null is that signup refused (counted as `link_not_valid`).
   */
  async findLink(token: string): Promise<{ tenantId: string; tokenHash: string } | null> {
    const link = await this.links.find(token);
    if (!link) this.refusals.record('link_not_valid');
    return link && { tenantId: link.tenantId, tokenHash: link.tokenHash };
  }

  /**
   * Creates the account of a Microsoft identity that came back from an invite link. Throws
   * DomainErrors: `forbidden` microsoft_email_not_verified; `not_found` invalid_invite_link (the
   * link no longer accepts the token); `conflict` user_already_registered (identity or email);
   * `forbidden` email_domain_not_allowed; `forbidden` microsoft_tenant_not_allowed (the link names
   * the Microsoft tenants that may use it, and the account's `tid` is not one of them). The
   * refusals among them are counted by reason (SignupRefusals).
   */
  signUp(flow: { tenantId: string; tokenHash: string }, identity: MicrosoftIdentity, correlationId: string): Promise<MicrosoftSignupResult> {
    return countingRefusals(this.refusals, () => this.createAccount(flow, identity, correlationId));
  }

  private async createAccount(
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
    await this.joins.assertEmailMayJoin(email, tenant.state.inviteLink.allowedDomains);
    if (!isMicrosoftTenantAllowed(identity.tid, tenant.state.inviteLink.allowedMicrosoftTenantIds)) {
      throw forbidden('microsoft_tenant_not_allowed', MICROSOFT_TENANT_NOT_ALLOWED_MESSAGE);
    }

    const userId = randomUUID();
    await this.joins.join({
      tenantId,
      tokenHash,
      email,
      method: 'microsoft',
      microsoftTenantId: identity.tid,
      account: { email, ...namesOf(identity.name) },
      context: { actor: { type: 'new_user', id: userId }, correlationId },
      options: { userId, purpose: { kind: 'invite_link', tenantId }, identityReservation: identityStream },
    });
    return { userId, tenantId, sessionToken: await this.sessions.issue(userId) };
  }
}

/**
 * "Ada Lovelace" → Ada / Lovelace; the display name is only a courtesy, it may be absent. It comes
 * from another organization's directory, so it is cleaned (never refused) by the same character
 * rule as names typed here, and cut at the same length without splitting a character.
 */
export function namesOf(name: string | null): { firstName: string; lastName: string } {
  const parts = withoutUnsafeCharacters(name ?? '', 'name').trim().split(/\s+/).filter(Boolean);
  return {
    firstName: firstCharacters(parts[0] ?? '', NAME_MAX_LENGTH.person).trim(),
    lastName: firstCharacters(parts.slice(1).join(' '), NAME_MAX_LENGTH.person).trim(),
  };
}
