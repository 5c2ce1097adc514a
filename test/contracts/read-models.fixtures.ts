import { randomUUID } from 'node:crypto';
import { EventStore } from '../../src/shared/application/event-store.port';
import { DomainEvent } from '../../src/shared/domain/event';
import { mspStream, MspEvent } from '../../src/modules/tenancy/domain/msp.decider';
import { userStream, UserEvent } from '../../src/modules/accounts/domain/user.decider';
import { BUILT_IN_ROLES } from '../../src/modules/tenancy/domain/roles';
import { InviteLinkDisabledReason } from '../../src/modules/invite-links/domain/invite-link.events';
import { tenantStream, TenantEvent } from '../../src/modules/tenancy/domain/tenant.events';
import { EmailReservationEvent, RegistrationPurpose } from '../../src/modules/accounts/domain/email-reservation.decider';
import { MailEvent, mailStream } from '../../src/modules/mail/domain/mail.events';

/** What a real argon2id hash looks like; it must never reach a read model. */
export const passwordHashOf = (userId: string) =>
  `$argon2id$v=19$m=19456,t=2,p=1$${Buffer.from(`salt-${userId}`).toString('base64')}$SECRET-HASH-${userId}`;

/** The encrypted token the fixtures store beside a hash; it does not contain the hash's text. */
export const ciphertextOf = (tokenHash: string) => `v1.${Buffer.from(`sealed ${tokenHash}`).toString('base64url')}`;

/** The email reservation stream of an account in these fixtures (the service names it by the email's hash). */
export const reservationOf = (userId: string) => `emailReservation-hash-of-${userId}`;

/** Secret material of an email verification as the fixtures record it; none of it may reach a dashboard's collection. */
export const verificationSecretsOf = (userId: string) => ({
  tokenHash: `TOKEN-HASH-of-${userId}`,
  codeHash: `CODE-HASH-of-${userId}`,
  codeSeed: `CODE-SEED-of-${userId}`,
});

/**
 * Appends realistic events, as the write side would, each with its own decision time so that
 * tests control `joinedAt`. Returns the global position of the last event appended.
 */
export class DirectoryHistory {
  private clock: number;
  private lastId = '';

  constructor(
    private readonly eventStore: EventStore,
    start = Date.parse('2025-03-01T09:00:00.000Z'),
  ) {
    this.clock = start;
  }

  /** The id of the last event appended: a mail's message id is the id of the event that asked for it. */
  get lastEventId(): string {
    return this.lastId;
  }

  /** Decision time of the last event appended. */
  get lastAt(): string {
    return new Date(this.clock).toISOString();
  }

  /** Decision time of the next event; `advanceMs: 0` gives two events the same instant. */
  nextAt(advanceMs = 1000): string {
    this.clock += advanceMs;
    return new Date(this.clock).toISOString();
  }

  createMsp(mspId: string, name = `MSP ${mspId}`): Promise<number> {
    return this.append<MspEvent>(mspStream(mspId), { type: 'MspCreated', data: { mspId, name } });
  }

  registerUser(
    userId: string,
    options: { email?: string; signInMethod?: 'password' | 'microsoft' } = {},
  ): Promise<number> {
    const signInMethod = options.signInMethod ?? 'password';
    return this.append<UserEvent>(userStream(userId), {
      type: 'UserRegistered',
      data: {
        userId,
        email: options.email ?? `${userId}@contoso.example`,
        firstName: `First ${userId}`,
        lastName: `Last ${userId}`,
        signInMethod,
        ...(signInMethod === 'password' ? { passwordHash: passwordHashOf(userId) } : {}),
      },
    });
  }

  createTenant(tenantId: string, mspId: string, name = `Tenant ${tenantId}`): Promise<number> {
    return this.append<TenantEvent>(tenantStream(tenantId), {
      type: 'TenantCreated',
      data: { tenantId, mspId, name, builtInRoles: [...BUILT_IN_ROLES] },
    });
  }

  createRole(tenantId: string, roleId: string, name = `Role ${roleId}`): Promise<number> {
    return this.append<TenantEvent>(tenantStream(tenantId), { type: 'TenantRoleCreated', data: { roleId, name } });
  }

  configureSso(tenantId: string): Promise<number> {
    return this.append<TenantEvent>(tenantStream(tenantId), {
      type: 'TenantSsoConfigured',
      data: { protocol: 'saml', entityId: 'https://idp.example.net/metadata', ssoUrl: 'https://idp.example.net/sso' },
    });
  }

  removeSso(tenantId: string): Promise<number> {
    return this.append<TenantEvent>(tenantStream(tenantId), { type: 'TenantSsoRemoved', data: {} });
  }

  changeDefaultRole(tenantId: string, from: string | null, to: string): Promise<number> {
    return this.append<TenantEvent>(tenantStream(tenantId), { type: 'InviteLinkDefaultRoleChanged', data: { from, to } });
  }

  changeAllowedDomains(tenantId: string, before: string[], domains: string[]): Promise<number> {
    return this.append<TenantEvent>(tenantStream(tenantId), {
      type: 'InviteLinkAllowedDomainsChanged',
      data: {
        added: domains.filter((d) => !before.includes(d)),
        removed: before.filter((d) => !domains.includes(d)),
        domains,
      },
    });
  }

  changeAllowedMicrosoftTenants(tenantId: string, before: string[], tenantIds: string[]): Promise<number> {
    return this.append<TenantEvent>(tenantStream(tenantId), {
      type: 'InviteLinkMicrosoftTenantsChanged',
      data: {
        added: tenantIds.filter((id) => !before.includes(id)),
        removed: before.filter((id) => !tenantIds.includes(id)),
        tenantIds,
      },
    });
  }

  setEmailVerification(tenantId: string, requireEmailVerification: boolean): Promise<number> {
    return this.append<TenantEvent>(tenantStream(tenantId), { type: 'InviteLinkEmailVerificationSet', data: { requireEmailVerification } });
  }

  cancelTenant(tenantId: string): Promise<number> {
    return this.append<TenantEvent>(tenantStream(tenantId), { type: 'TenantCanceled', data: {} });
  }

  addMember(tenantId: string, userId: string, roleId = 'member', advanceMs?: number): Promise<number> {
    return this.append<TenantEvent>(
      tenantStream(tenantId),
      { type: 'TenantMemberAdded', data: { userId, roleId } },
      advanceMs,
    );
  }

  joinViaInviteLink(
    tenantId: string,
    userId: string,
    roleId = 'technician',
    method: 'password' | 'microsoft' = 'password',
  ): Promise<number> {
    return this.append<TenantEvent>(tenantStream(tenantId), {
      type: 'MemberJoinedViaInviteLink',
      data: { userId, roleId, method, generation: 1 },
    });
  }

  /** `tokenHash` only for the first enable, as the decider does (R7: re-enabling keeps the token). */
  enableInviteLink(tenantId: string, generation: number, tokenHash?: string): Promise<number> {
    const token = tokenHash ? { hash: tokenHash, ciphertext: ciphertextOf(tokenHash) } : undefined;
    return this.append<TenantEvent>(tenantStream(tenantId), {
      type: 'InviteLinkEnabled',
      data: token ? { generation, token } : { generation },
    });
  }

  disableInviteLink(tenantId: string, reason: InviteLinkDisabledReason = 'admin'): Promise<number> {
    return this.append<TenantEvent>(tenantStream(tenantId), { type: 'InviteLinkDisabled', data: { reason } });
  }

  regenerateInviteLink(tenantId: string, generation: number, tokenHash: string): Promise<number> {
    return this.append<TenantEvent>(tenantStream(tenantId), {
      type: 'InviteLinkRegenerated',
      data: { generation, token: { hash: tokenHash, ciphertext: ciphertextOf(tokenHash) } },
    });
  }

  /** The first step of every registration (R11, R18). */
  reserveEmail(userId: string, purpose: RegistrationPurpose = { kind: 'invite_link', tenantId: 't-1' }, advanceMs?: number): Promise<number> {
    return this.append<EmailReservationEvent>(reservationOf(userId), { type: 'EmailReserved', data: { userId, purpose } }, advanceMs);
  }

  /** The signup waits for its email until `expiresAt`; one mail is asked for (its message id: lastEventId). */
  requestEmailVerification(userId: string, tenantId: string, expiresAt: string, advanceMs?: number): Promise<number> {
    return this.append<EmailReservationEvent>(
      reservationOf(userId),
      { type: 'EmailVerificationRequested', data: { userId, tenantId, ...verificationSecretsOf(userId), expiresAt } },
      advanceMs,
    );
  }

  resendEmailVerification(userId: string): Promise<number> {
    return this.append<EmailReservationEvent>(reservationOf(userId), { type: 'EmailVerificationResent', data: { userId } });
  }

  verifyEmail(userId: string): Promise<number> {
    return this.append<EmailReservationEvent>(reservationOf(userId), { type: 'EmailVerified', data: { userId } });
  }

  expireEmailVerification(userId: string, expiresAt: string): Promise<number> {
    return this.append<EmailReservationEvent>(reservationOf(userId), { type: 'EmailVerificationExpired', data: { userId, expiresAt } });
  }

  completeRegistration(userId: string): Promise<number> {
    return this.append<EmailReservationEvent>(reservationOf(userId), { type: 'RegistrationCompleted', data: { userId } });
  }

  /** Undoes a registration as the service does: the account closed, then the email released. */
  async undoRegistration(userId: string, reason: string): Promise<number> {
    await this.append<UserEvent>(userStream(userId), { type: 'AccountClosed', data: { reason } });
    return this.append<EmailReservationEvent>(reservationOf(userId), { type: 'EmailReleased', data: { userId, reason } });
  }

  mailSent(messageId: string, attempts = 1): Promise<number> {
    return this.append<MailEvent>(mailStream(messageId), { type: 'MailSent', data: { messageId, kind: 'email_verification', attempts } });
  }

  mailDiscarded(messageId: string, reason = 'verification_no_longer_pending'): Promise<number> {
    return this.append<MailEvent>(mailStream(messageId), { type: 'MailDiscarded', data: { messageId, kind: 'email_verification', reason } });
  }

  private async append<E extends DomainEvent>(stream: string, event: E, advanceMs?: number): Promise<number> {
    this.lastId = randomUUID();
    const result = await this.eventStore.appendToStream(
      stream,
      [
        {
          id: this.lastId,
          type: event.type,
          data: event.data as Record<string, unknown>,
          metadata: { actor: { type: 'operator' }, at: this.nextAt(advanceMs), correlationId: randomUUID() },
        },
      ],
      { expectedRevision: 'any' },
    );
    return result.position;
  }
}
