import { ServiceRun } from '../domain/service-run';
import { DocumentStore } from './document-store.port';

/** DI token of the ReadModels port (the queries the dashboards and the API need). */
export const READ_MODELS = Symbol('READ_MODELS');

export interface TenantSummary {
  readonly id: string;
  readonly name: string;
  readonly status: 'active' | 'canceled';
}

export interface TenantUser {
  readonly userId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly roleId: string;
  /** ISO-8601 */
  readonly joinedAt: string;
  readonly joinedVia: 'invite_link' | 'admin';
  readonly signInMethod: 'password' | 'microsoft';
}

/**
 * Someone who signed up through the invite link and has not confirmed their email yet: not a
 * member (no role) until they do, gone when the code expires.
 */
export interface PendingSignup {
  readonly userId: string;
  readonly tenantId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  /** ISO-8601: when they signed up. */
  readonly signedUpAt: string;
  /** ISO-8601: when their verification link stops working. */
  readonly expiresAt: string;
}

/** Where an email verification code (by its keyed hash) belongs; confirm on the write side. */
export interface VerificationCodeOwner {
  readonly userId: string;
  readonly tenantId: string;
  readonly reservationStream: string;
}

/** A mail the outbox has not sent (or given up on) yet. */
export interface QueuedMail {
  /** The id of the event that asked for it; also the mail's Message-ID local part. */
  readonly messageId: string;
  /** What kind of mail (which composer writes it), e.g. `email_verification`. */
  readonly kind: string;
  /** The stream of the event that asked for it. */
  readonly streamName: string;
  /** ISO-8601: when it was asked for. */
  readonly queuedAt: string;
}

/**
 * The invite link settings of one tenant as the read model holds them. Token material is the
 * encrypted token only (decrypt it to build the URL); never a plaintext token, never a hash.
 */
export interface InviteLinkSettings {
  readonly tenantId: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly defaultRoleId: string | null;
  readonly allowedDomains: readonly string[];
  readonly allowedMicrosoftTenantIds: readonly string[];
  /** Password signups confirm their email address before they join (false for older documents). */
  readonly requireEmailVerification: boolean;
  readonly ssoConfigured: boolean;
  readonly canceled: boolean;
  /** 0 before the first token exists. */
  readonly generation: number;
  readonly tokenCiphertext: string | null;
}

export interface TenantRoleSummary {
  readonly id: string;
  readonly name: string;
  readonly builtIn: boolean;
}

/** A registration that has neither completed nor been undone yet (R18), as the read model saw it. */
export interface OpenRegistration {
  readonly userId: string;
  readonly reservationStream: string;
  readonly purpose: 'invite_link' | 'tenant_member' | 'msp_admin';
  /** ISO-8601 */
  readonly startedAt: string;
  /** The service run that opened it, when it recorded itself (see EmailReserved). */
  readonly openedBy?: ServiceRun;
}

/** How a person is named wherever the service shows who did something. */
export interface UserName {
  readonly userId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
}

/** Joins through one tenant's invite link on one UTC day, by sign-in method and role. */
export interface DailyJoins {
  /** UTC day, 'YYYY-MM-DD'. */
  day: string;
  method: 'password' | 'microsoft';
  roleId: string;
  roleName: string;
  count: number;
}

export interface Page<T> {
  readonly items: T[];
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  readonly nextCursor: string | null;
}

export interface ReadModels {
  /** Tenants of one MSP, oldest first. */
  listTenantsOfMsp(mspId: string): Promise<TenantSummary[]>;
  /** Members of one tenant, newest first (joinedAt desc, then userId), cursor-paginated. */
  listTenantUsers(tenantId: string, page: { limit: number; cursor?: string }): Promise<Page<TenantUser>>;
  /**
   * Names of the given users, in no particular order; ids the read model has not seen (yet) are
   * left out, so callers that must name everyone fall back to the user streams.
   */
  userNamesByIds(userIds: readonly string[]): Promise<UserName[]>;
  /** Tenant memberships of one user. */
  membershipsOfUser(userId: string): Promise<{ tenantId: string; roleId: string }[]>;
  /** Invite link settings of one tenant; null when the read model has not seen the tenant. */
  inviteLinkOfTenant(tenantId: string): Promise<InviteLinkSettings | null>;
  /** Roles of one tenant: built-in ones first in their fixed order, then custom ones oldest first. */
  listTenantRoles(tenantId: string): Promise<TenantRoleSummary[]>;
  /** The tenant whose invite link had this token hash (current or former); verify on the write side. */
  tenantIdByTokenHash(tokenHash: string): Promise<string | null>;
  /**
   * Registrations still open that started strictly before `startedBefore` (ISO-8601), oldest
   * first, at most `limit`. Candidates for the recovery job: confirm on the write side.
   */
  openRegistrations(startedBefore: string, limit: number): Promise<OpenRegistration[]>;
  /**
   * Registrations still open that a run of this instance opened, whatever their age, oldest
   * first, at most `limit`. Candidates for the recovery job: confirm on the write side.
   */
  openRegistrationsOfInstance(instanceId: string, limit: number): Promise<OpenRegistration[]>;
  /**
   * Registrations waiting for an email confirmation whose code expired at or before `now`
   * (ISO-8601), soonest expired first, at most `limit`. Candidates for the recovery job.
   */
  overdueVerifications(now: string, limit: number): Promise<OpenRegistration[]>;
  /** People of one tenant waiting for their email confirmation, newest first, at most `limit`. */
  pendingSignupsOfTenant(tenantId: string, limit: number): Promise<PendingSignup[]>;
  /** The registration an email verification code belongs to, by the code's keyed hash. */
  verificationCodeOwner(codeHash: string): Promise<VerificationCodeOwner | null>;
  /** Mails asked for and neither sent nor discarded yet, oldest first, at most `limit`. */
  queuedMails(limit: number): Promise<QueuedMail[]>;
  /**
   * Joins through the tenant's invite link per UTC day, method and role, for the days from
   * `fromDay` up to but excluding `toDayExclusive` (both 'YYYY-MM-DD'), in day order (then method,
   * then role id). Days without joins have no row.
   */
  joinsPerDay(tenantId: string, fromDay: string, toDayExclusive: string): Promise<DailyJoins[]>;
  /**
   * Read-your-writes: resolves once the read models reflect every event up to `position`,
   * or rejects after `timeoutMs`.
   */
  waitForPosition(position: number, timeoutMs?: number): Promise<void>;
}

/**
 * What the ReadModels implementation reads through, handed over by the read-model host. `store`
 * stays the same object for the service's life: the host's routes every call to the generation
 * that serves queries at that moment, so a rebuild can switch storage while queries run.
 */
export interface ReadModelSource {
  readonly store: DocumentStore;
  readonly runner: { waitForPosition(position: number, timeoutMs?: number): Promise<void> };
}

/** Builds the ReadModels port over a source; bound by the composition root, called by infrastructure. */
export type ReadModelsFactory = (source: ReadModelSource) => ReadModels;
