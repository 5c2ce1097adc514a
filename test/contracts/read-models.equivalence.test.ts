import { DomainError } from '../../src/shared/domain/domain-error';
import { EventStore, EventToAppend } from '../../src/shared/application/event-store.port';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { Document, DocumentStore } from '../../src/shared/application/document-store.port';
import { ProjectionRunner } from '../../src/infrastructure/read-models/projection-runner';
import { MongoDocumentStore } from '../../src/infrastructure/read-models/mongodb/mongo-document-store';
import { SqliteDocumentStore } from '../../src/infrastructure/read-models/sqlite/sqlite-document-store';
import { directoryProjection, directoryReadModels, READ_MODELS_IN_ORDER } from '../../src/modules/read-models';
import { ReadModels } from '../../src/shared/application/read-models.port';
import { USERS_COLLECTION } from '../../src/modules/accounts/read-models/users.read-model';
import { MSP_ADMINS_COLLECTION } from '../../src/modules/accounts/read-models/msp-admins.read-model';
import { DAILY_SIGNUPS_COLLECTION, DailySignupDocument } from '../../src/modules/invite-links/read-models/daily-signups.read-model';
import { INVITE_LINKS_COLLECTION } from '../../src/modules/invite-links/read-models/invite-links.read-model';
import { INVITE_TOKENS_COLLECTION } from '../../src/modules/invite-links/read-models/invite-tokens.read-model';
import { MEMBERSHIPS_COLLECTION, MembershipDocument } from '../../src/modules/tenancy/read-models/memberships.read-model';
import { MSPS_COLLECTION, MspDocument } from '../../src/modules/tenancy/read-models/msp-document';
import { TENANTS_COLLECTION, TenantDocument } from '../../src/modules/tenancy/read-models/tenants.read-model';
import { mspStream } from '../../src/modules/tenancy/domain/msp.decider';
import { userStream } from '../../src/modules/accounts/domain/user.decider';
import { TenantCommand, tenantDecider } from '../../src/modules/tenancy/domain/tenant.decider';
import { TenantState } from '../../src/modules/tenancy/domain/tenant.state';
import { tenantStream } from '../../src/modules/tenancy/domain/tenant.events';
import { canonicalJson, uniqueDatabaseName, withMongoDb } from '../support/mongodb';
import { passwordHashOf } from './read-models.fixtures';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rebuildReadModels } from '../../src/infrastructure/read-models/rebuild/rebuild-read-models';
import { SqliteReadModelStorage } from '../../src/infrastructure/read-models/read-model-storage';
import { createHash } from 'node:crypto';
import { VerificationCodes } from '../../src/modules/signup/application/verification-codes';
import { MAIL_OUTBOX_COLLECTION, MailOutboxDocument } from '../../src/modules/mail/read-models/mail-outbox.read-model';
import { PENDING_SIGNUPS_COLLECTION, PendingSignupDocument } from '../../src/modules/signup/read-models/pending-signups.read-model';
import { VERIFICATION_CODES_COLLECTION } from '../../src/modules/signup/read-models/verification-codes.read-model';
import { REGISTRATIONS_COLLECTION, RegistrationDocument } from '../../src/modules/accounts/read-models/registrations.read-model';

/** Small, seeded, good enough: the same history on every run and every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20250301;
const DOMAINS = ['contoso.example', 'fabrikam.example', 'northwind.example', 'tailspin.example'];
const ENTRA_TENANTS = ['72f988bf-86f1-41af-91ab-2d7cd011db47', '9188040d-6c67-4c5b-b112-36a304b66dad'];
/**
 * User ids whose order differs between UTF-16 code units (JavaScript's `<`) and code points /
 * UTF-8 bytes (SQLite's BINARY collation, MongoDB's default comparison): U+FF21 sorts after
 * U+1F600's surrogates in UTF-16, before it in UTF-8. They join one tenant in the same
 * millisecond, so their order comes down to the userId tie-break.
 */
const TRICKY_USER_IDS = ['u-Z', 'u-a', 'u-é', 'u-\uff21', 'u-\u{1f600}', 'u-\u{1f600}-2'];

/** Codes as the service makes them, from seeds derived from the user id so that the history stays the same. */
const VERIFICATION_CODES = new VerificationCodes({ tokenSecret: 'equivalence-token-secret' });

/** How each email verification of the history ends. */
type VerificationEnd = 'joined' | 'expired' | 'waiting' | 'link_died';

interface Verification {
  readonly userId: string;
  readonly tenantId: string;
  readonly end: VerificationEnd;
  readonly codeHash: string;
  readonly codeSeed: string;
  /** The message ids of its mails (request, then resends) and what became of each. */
  readonly mails: { messageId: string; status: MailOutboxDocument['status'] }[];
}

/**
 * Hundreds of realistic directory events: MSPs, tenants, custom roles, members added by admins and
 * joined via invite links, links enabled, disabled, regenerated, their default role, domains and
 * email verification changed, SSO configured and removed, tenants canceled. Tenant events come
 * from the real tenant decider, so the history is one the service could have written; commands
 * it refuses are dropped.
 */
class GeneratedHistory {
  readonly mspIds: string[] = [];
  readonly tenantIds: string[] = [];
  readonly userIds: string[] = [];
  readonly tokenHashes: string[] = [];
  readonly mspAdminIds: string[] = [];
  readonly verifications: Verification[] = [];
  /** MemberJoinedViaInviteLink events appended, per tenant. */
  readonly joinsViaLink = new Map<string, number>();
  eventCount = 0;
  head = 0;

  private readonly random = mulberry32(SEED);
  private readonly tenants = new Map<string, TenantState>();
  private readonly emails = new Map<string, string>();
  private readonly members = new Map<string, Set<string>>();
  private clock = Date.parse('2025-03-01T09:00:00.000Z');
  private ids = 0;
  private appends = 0;

  /**
   * `pauseEvery`: wait a little after that many appends, so that a runner following the log
   * (it polls on a timer) applies it in batches cut while it is being written; the embedded
   * event store appends without ever yielding to timers otherwise.
   */
  constructor(
    private readonly eventStore: EventStore,
    private readonly pauseEvery?: number,
  ) {}

  async generate(steps: number): Promise<void> {
    for (let i = 0; i < 4; i++) await this.createMsp(`msp-${i}`);
    for (let i = 0; i < 6; i++) await this.createTenant();
    for (let i = 0; i < 15; i++) await this.registerUser(`u-${String(i).padStart(3, '0')}`);
    await this.trickyTies();
    for (let step = 0; step < steps; step++) await this.randomStep();
    // Last, so that the random steps above stay the history they always were.
    for (const [i, mspId] of this.mspIds.entries()) {
      await this.registerMspAdmin(`a-${i}`, mspId, i % 2 === 0 ? ['manage_user_roles', 'view_audit_log'] : ['view_audit_log'], i !== 1);
    }
    // The recovery job's undo of the registration left open above.
    await this.append(userStream('a-1'), [{ type: 'AccountClosed', data: { reason: 'registration_interrupted' } }]);
    await this.append('emailReservation-a-1', [{ type: 'EmailReleased', data: { userId: 'a-1', reason: 'registration_interrupted' } }]);
    // Email verification on every other tenant, off again on one of them (canceled ones refuse).
    for (const [i, tenantId] of this.tenantIds.entries()) {
      if (i % 2 === 1) continue;
      await this.decide(tenantId, { type: 'UpdateInviteLink', requireEmailVerification: true, mailConfigured: true, newToken: this.newToken() });
      if (i % 4 === 0) await this.decide(tenantId, { type: 'UpdateInviteLink', requireEmailVerification: false, newToken: this.newToken() });
    }
    await this.emailVerifications();
  }

  /**
   * Email verifications on a tenant of their own, as the service writes them: one requested,
   * resent, confirmed and joined; one that expires and is undone (its mail discarded); one still
   * waiting (its mail still queued); one confirmed after the link was regenerated, so undone.
   */
  private async emailVerifications(): Promise<void> {
    await this.createTenant();
    const tenantId = this.tenantIds[this.tenantIds.length - 1];
    await this.decide(tenantId, {
      type: 'UpdateInviteLink',
      enabled: true,
      defaultRoleId: 'member',
      requireEmailVerification: true,
      mailConfigured: true,
      newToken: this.newToken(),
    });

    const joined = await this.signUpAwaitingVerification('v-joined', tenantId, 'joined');
    const [resent] = await this.append(joined.reservation, [{ type: 'EmailVerificationResent', data: { userId: 'v-joined' } }]);
    joined.verification.mails.push({ messageId: resent, status: 'sent' });
    await this.mailDone(joined.verification.mails[0].messageId, { type: 'MailSent', attempts: 1 });
    await this.mailDone(resent, { type: 'MailSent', attempts: 3 });
    await this.append(joined.reservation, [{ type: 'EmailVerified', data: { userId: 'v-joined' } }]);
    const token = this.tenants.get(tenantId)!.inviteLink.token!;
    await this.decide(tenantId, { type: 'JoinViaInviteLink', userId: 'v-joined', tokenHash: token.hash, email: this.emails.get('v-joined')!, method: 'password' });
    await this.append(joined.reservation, [{ type: 'RegistrationCompleted', data: { userId: 'v-joined' } }]);

    const expired = await this.signUpAwaitingVerification('v-expired', tenantId, 'expired');
    await this.append(expired.reservation, [{ type: 'EmailVerificationExpired', data: { userId: 'v-expired', expiresAt: expired.expiresAt } }]);
    await this.undoRegistration('v-expired', expired.reservation, 'verification_expired');
    await this.mailDone(expired.verification.mails[0].messageId, { type: 'MailDiscarded' });

    await this.signUpAwaitingVerification('v-waiting', tenantId, 'waiting');

    const died = await this.signUpAwaitingVerification('v-link-died', tenantId, 'link_died');
    await this.mailDone(died.verification.mails[0].messageId, { type: 'MailSent', attempts: 1 });
    await this.decide(tenantId, { type: 'RevokeAndGenerateInviteLink', newToken: this.newToken() });
    await this.append(died.reservation, [{ type: 'EmailVerified', data: { userId: 'v-link-died' } }]);
    await this.undoRegistration('v-link-died', died.reservation, 'invite_link_no_longer_valid');
  }

  /** EmailReserved, UserRegistered and EmailVerificationRequested, as a signup on a link that requires verification appends them. */
  private async signUpAwaitingVerification(userId: string, tenantId: string, end: VerificationEnd) {
    const reservation = `emailReservation-${userId}`;
    const email = `${userId}@contoso.example`;
    this.emails.set(userId, email);
    await this.append(reservation, [{ type: 'EmailReserved', data: { userId, purpose: { kind: 'invite_link', tenantId } } }]);
    await this.append(userStream(userId), [
      {
        type: 'UserRegistered',
        data: { userId, email, firstName: `First ${userId}`, lastName: `Last ${userId}`, signInMethod: 'password', passwordHash: passwordHashOf(userId) },
      },
    ]);
    const codeSeed = createHash('sha256').update(`seed-${userId}`).digest('base64url');
    const codeHash = VERIFICATION_CODES.hash(VERIFICATION_CODES.codeFrom(codeSeed));
    const tokenHash = this.tenants.get(tenantId)!.inviteLink.token!.hash;
    const expiresAt = new Date(this.clock + 3600_000).toISOString();
    const [messageId] = await this.append(reservation, [
      { type: 'EmailVerificationRequested', data: { userId, tenantId, tokenHash, codeHash, codeSeed, expiresAt } },
    ]);
    const verification: Verification = {
      userId,
      tenantId,
      end,
      codeHash,
      codeSeed,
      mails: [{ messageId, status: { joined: 'sent', expired: 'discarded', waiting: 'queued', link_died: 'sent' }[end] as MailOutboxDocument['status'] }],
    };
    this.verifications.push(verification);
    return { reservation, expiresAt, verification };
  }

  private async mailDone(messageId: string, outcome: { type: 'MailSent'; attempts: number } | { type: 'MailDiscarded' }): Promise<void> {
    const data =
      outcome.type === 'MailSent'
        ? { messageId, kind: 'email_verification', attempts: outcome.attempts }
        : { messageId, kind: 'email_verification', reason: 'verification_no_longer_pending' };
    await this.append(`mail-${messageId}`, [{ type: outcome.type, data }], 0);
  }

  private async undoRegistration(userId: string, reservation: string, reason: string): Promise<void> {
    await this.append(userStream(userId), [{ type: 'AccountClosed', data: { reason } }]);
    await this.append(reservation, [{ type: 'EmailReleased', data: { userId, reason } }]);
  }

  private async randomStep(): Promise<void> {
    const r = this.random();
    if (r < 0.04) return this.createTenant();
    if (r < 0.2) return this.registerUser(`u-${String(this.userIds.length).padStart(3, '0')}`);
    const tenantId = this.pick(this.tenantIds);
    const state = this.tenants.get(tenantId)!;
    if (r < 0.25) return this.decide(tenantId, { type: 'CreateRole', roleId: `role-${this.nextId()}`, name: `Role ${this.nextId()}` });
    if (r < 0.45) {
      const userId = this.pick(this.userIds);
      if (this.members.get(tenantId)!.has(userId)) return;
      return this.decide(tenantId, { type: 'AddMember', userId, roleId: this.pick(state.roles).id });
    }
    if (r < 0.65) return this.joinViaInviteLink(tenantId, state);
    if (r < 0.75) {
      return this.decide(tenantId, {
        type: 'UpdateInviteLink',
        enabled: this.random() < 0.7,
        defaultRoleId: this.random() < 0.5 || state.inviteLink.defaultRoleId === null ? this.pick(state.roles).id : undefined,
        newToken: this.newToken(),
      });
    }
    if (r < 0.82) {
      const domains = DOMAINS.filter(() => this.random() < 0.4);
      const microsoftTenants = ENTRA_TENANTS.filter(() => this.random() < 0.3);
      return this.decide(tenantId, {
        type: 'UpdateInviteLink',
        allowedDomains: domains,
        allowedMicrosoftTenantIds: this.random() < 0.5 ? microsoftTenants : undefined,
        newToken: this.newToken(),
      });
    }
    if (r < 0.88) return this.decide(tenantId, { type: 'RevokeAndGenerateInviteLink', newToken: this.newToken() });
    if (r < 0.92) {
      return this.decide(
        tenantId,
        state.sso
          ? { type: 'RemoveSso' }
          : { type: 'ConfigureSso', sso: { protocol: 'saml', entityId: `urn:${tenantId}`, ssoUrl: `https://idp.example/${tenantId}` } },
      );
    }
    if (r < 0.94) return this.decide(tenantId, { type: 'CancelTenant' });
    // The rest: members join in bursts at the same instant (ties on joinedAt).
    for (let i = 0; i < 3; i++) await this.joinViaInviteLink(tenantId, state, 0);
  }

  private async joinViaInviteLink(tenantId: string, state: TenantState, advanceMs?: number): Promise<void> {
    const token = state.inviteLink.token;
    if (!token) return;
    const candidates = this.userIds.filter((userId) => !this.members.get(tenantId)!.has(userId));
    if (candidates.length === 0) return;
    const userId = this.pick(candidates);
    const method = this.random() < 0.3 ? 'microsoft' : 'password';
    await this.decide(tenantId, { type: 'JoinViaInviteLink', userId, tokenHash: token.hash, email: this.emails.get(userId)!, method }, advanceMs);
  }

  /** One tenant whose link lets the tricky users join in one millisecond. */
  private async trickyTies(): Promise<void> {
    const tenantId = this.tenantIds[0];
    const state = () => this.tenants.get(tenantId)!;
    await this.decide(tenantId, { type: 'UpdateInviteLink', enabled: true, defaultRoleId: 'member', newToken: this.newToken() });
    for (const userId of TRICKY_USER_IDS) await this.registerUser(userId);
    for (const [i, userId] of TRICKY_USER_IDS.entries()) {
      const token = state().inviteLink.token!;
      await this.decide(
        tenantId,
        { type: 'JoinViaInviteLink', userId, tokenHash: token.hash, email: this.emails.get(userId)!, method: 'password' },
        i === 0 ? 1000 : 0,
      );
    }
  }

  private async createMsp(mspId: string): Promise<void> {
    this.mspIds.push(mspId);
    await this.append(mspStream(mspId), [{ type: 'MspCreated', data: { mspId, name: `MSP ${mspId}` } }]);
  }

  private async createTenant(): Promise<void> {
    const tenantId = `t-${String(this.tenantIds.length).padStart(2, '0')}`;
    this.tenantIds.push(tenantId);
    this.tenants.set(tenantId, tenantDecider.initialState);
    this.members.set(tenantId, new Set());
    await this.decide(tenantId, { type: 'CreateTenant', tenantId, mspId: this.pick(this.mspIds), name: `Tenant ${tenantId}` });
  }

  private async registerUser(userId: string): Promise<void> {
    const microsoft = this.random() < 0.3;
    // Mixed case on purpose: emails are stored as given.
    const email = `${this.random() < 0.2 ? 'First.Last' : 'user'}.${this.nextId()}@${this.pick(DOMAINS)}`;
    this.userIds.push(userId);
    this.emails.set(userId, email);
    await this.append(userStream(userId), [
      {
        type: 'UserRegistered',
        data: {
          userId,
          email,
          firstName: `First ${userId}`,
          lastName: `Last ${userId}`,
          signInMethod: microsoft ? 'microsoft' : 'password',
          ...(microsoft ? {} : { passwordHash: passwordHashOf(userId) }),
        },
      },
    ]);
  }

  /**
   * As the service registers an MSP admin: the email reserved, UserRegistered and MspAdminGranted
   * in one append, the registration completed; `completed: false` leaves it open, as a crash would.
   */
  private async registerMspAdmin(userId: string, mspId: string, permissions: string[], completed = true): Promise<void> {
    this.mspAdminIds.push(userId);
    const reservation = `emailReservation-${userId}`;
    await this.append(reservation, [{ type: 'EmailReserved', data: { userId, purpose: { kind: 'msp_admin', mspId } } }]);
    await this.append(userStream(userId), [
      {
        type: 'UserRegistered',
        data: { userId, email: `admin.${userId}@msp.example`, firstName: `Admin ${userId}`, lastName: mspId, signInMethod: 'password', passwordHash: passwordHashOf(userId) },
      },
      { type: 'MspAdminGranted', data: { mspId, permissions } },
    ]);
    if (completed) await this.append(reservation, [{ type: 'RegistrationCompleted', data: { userId } }]);
  }

  private async decide(tenantId: string, command: TenantCommand, advanceMs?: number): Promise<void> {
    let state = this.tenants.get(tenantId)!;
    let events;
    try {
      events = tenantDecider.decide(command, state);
    } catch (error) {
      if (error instanceof DomainError) return; // a command the service would refuse
      throw error;
    }
    if (events.length === 0) return;
    for (const event of events) {
      state = tenantDecider.evolve(state, event);
      if (event.type === 'TenantMemberAdded' || event.type === 'MemberJoinedViaInviteLink') {
        this.members.get(tenantId)!.add(event.data.userId);
      }
      if (event.type === 'MemberJoinedViaInviteLink') this.joinsViaLink.set(tenantId, (this.joinsViaLink.get(tenantId) ?? 0) + 1);
      if ((event.type === 'InviteLinkEnabled' || event.type === 'InviteLinkRegenerated') && event.data.token) {
        this.tokenHashes.push(event.data.token.hash);
      }
    }
    this.tenants.set(tenantId, state);
    await this.append(tenantStream(tenantId), events as { type: string; data: object }[], advanceMs);
  }

  /** Returns the ids of the events appended. */
  private async append(stream: string, events: readonly { type: string; data: object }[], advanceMs?: number): Promise<string[]> {
    // Mostly a few seconds apart, sometimes the same millisecond; every 25th append lands some
    // seven hours later, so that daily signups span several UTC days (no random draw: the
    // history stays the one it was before daily signups existed).
    this.appends += 1;
    this.clock += advanceMs ?? (this.random() < 0.15 ? 0 : 1 + Math.floor(this.random() * 5000));
    if (advanceMs === undefined && this.appends % 25 === 0) this.clock += 7 * 3600_000;
    const at = new Date(this.clock).toISOString();
    const toAppend: EventToAppend[] = events.map((event) => ({
      id: this.uuid(),
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: { actor: { type: 'operator' }, at, correlationId: this.uuid() },
    }));
    const result = await this.eventStore.appendToStream(stream, toAppend, { expectedRevision: 'any' });
    this.eventCount += toAppend.length;
    this.head = result.position;
    if (this.pauseEvery && this.appends % this.pauseEvery === 0) await new Promise((resolve) => setTimeout(resolve, 15));
    return toAppend.map((event) => event.id);
  }

  private newToken() {
    const hash = `hash-${this.nextId()}`;
    return { hash, ciphertext: `v1.ciphertext-of-${hash}` };
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private nextId(): number {
    return ++this.ids;
  }

  private uuid(): string {
    return `00000000-0000-4000-8000-${this.nextId().toString(16).padStart(12, '0')}`;
  }
}

/** Every stored document of one collection, ordered by id, one deterministic line each. */
async function dumpCollection(store: DocumentStore, collection: string): Promise<string[]> {
  const documents = await store.find(collection, {});
  documents.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return documents.map((document) => canonicalJson(document));
}

/** Every collection the directory projection fills, the reporting ones included. */
const COLLECTIONS = READ_MODELS_IN_ORDER.map((readModel) => readModel.collection);

/**
 * The collections that hold token material on purpose (the link's ciphertext for the admin's
 * copy, the hashes of invite tokens and verification codes for look-ups); every other one is for
 * dashboards and holds no secret.
 */
const TOKEN_COLLECTIONS = [INVITE_LINKS_COLLECTION, INVITE_TOKENS_COLLECTION, VERIFICATION_CODES_COLLECTION];

/** Projects the history into `store`: started before it is written (live) or after (as a rebuild replays it). */
class Projections {
  readonly logged: unknown[] = [];
  private readonly runners: ProjectionRunner[] = [];

  constructor(private readonly eventStore: EventStore) {}

  /**
   * Small batches, as a live service makes while events arrive: many transaction() calls and
   * checkpoints, each batch cut wherever the appends happened to be.
   */
  follow(store: DocumentStore): Promise<ProjectionRunner> {
    return this.start(store, 50);
  }

  /** Large pages of the whole log, as `npm run rebuild` replays it. */
  replay(store: DocumentStore): Promise<ProjectionRunner> {
    return this.start(store, 1000);
  }

  async stopAll(): Promise<void> {
    for (const runner of this.runners) await runner.stop();
  }

  private async start(store: DocumentStore, batchSize: number): Promise<ProjectionRunner> {
    const runner = new ProjectionRunner(this.eventStore, store, directoryProjection, {
      batchSize,
      retryDelayMs: 20,
      log: (message, error) => this.logged.push({ message, error }),
    });
    this.runners.push(runner);
    await runner.start();
    return runner;
  }
}

/** Asserts that two stores hold the same documents, at the same positions, in every collection. */
async function expectSameDocuments(actual: DocumentStore, expected: DocumentStore): Promise<void> {
  for (const collection of COLLECTIONS) {
    const documents = await dumpCollection(expected, collection);
    expect({ collection, documents: await dumpCollection(actual, collection) }).toEqual({ collection, documents });
  }
}

describe('the directory read models rebuilt from the whole log equal the ones that followed it live, on SQLite', () => {
  let eventStore: SqliteEventStore;
  let history: GeneratedHistory;
  let projections: Projections;
  let live: SqliteDocumentStore;
  let rebuilt: SqliteDocumentStore;
  let readModels: ReadModels;
  let caughtUpWhileWritten = false;

  beforeAll(async () => {
    eventStore = new SqliteEventStore(':memory:', { pollIntervalMs: 10 });
    history = new GeneratedHistory(eventStore, 17);
    projections = new Projections(eventStore);
    live = new SqliteDocumentStore(':memory:');
    const following = await projections.follow(live);
    const positionsSeenLive: (number | undefined)[] = [];
    const watching = setInterval(() => positionsSeenLive.push(following.lastAppliedPosition), 5);
    await history.generate(600);
    clearInterval(watching);
    await following.waitForPosition(history.head, 120_000);
    // It did follow: it had applied part of the log, not nothing and not all, while it was written.
    caughtUpWhileWritten = positionsSeenLive.some((position) => position !== undefined && position > 0 && position < history.head);
    rebuilt = new SqliteDocumentStore(':memory:');
    const rebuilding = await projections.replay(rebuilt);
    await rebuilding.waitForPosition(history.head, 120_000);
    readModels = directoryReadModels({ store: rebuilt, runner: rebuilding });
  }, 180_000);

  afterAll(async () => {
    await projections?.stopAll();
    await live?.close();
    await rebuilt?.close();
    await eventStore?.close();
  });

  it('projected a history that fills every collection, without errors, the live store while the history was written', async () => {
    expect(projections.logged).toEqual([]);
    expect(caughtUpWhileWritten).toBe(true);
    for (const collection of COLLECTIONS) {
      expect({ collection, filled: (await rebuilt.find(collection, {})).length > 0 }).toEqual({ collection, filled: true });
    }
    const days = new Set((await rebuilt.find<DailySignupDocument>(DAILY_SIGNUPS_COLLECTION, {})).map(({ doc }) => doc.day));
    expect(days.size).toBeGreaterThan(2);
  });

  it('stores the same documents, at the same positions, in every collection', () => expectSameDocuments(rebuilt, live));

  it('stores the same documents when `npm run rebuild` folds each page in memory and writes each document once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'equivalence-rebuild-'));
    const storage = new SqliteReadModelStorage(dataDir);
    try {
      // An odd page size cuts the history everywhere: documents changed across pages and within one.
      const result = await rebuildReadModels({ eventStore, storage, projection: directoryProjection, batchSize: 97 });
      expect(result).toMatchObject({ events: history.eventCount, lastPosition: history.head });
      const store = await storage.openGeneration(result.generation);
      try {
        await expectSameDocuments(store, live);
        expect(await store.getCheckpoint(directoryProjection.name)).toBe(history.head);
      } finally {
        await store.close();
      }
    } finally {
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('counts in the reporting collections what the history holds', async () => {
    const tenants = (await rebuilt.find<TenantDocument>(TENANTS_COLLECTION, {})).map(({ doc }) => doc);
    const memberships = (await rebuilt.find<MembershipDocument>(MEMBERSHIPS_COLLECTION, {})).map(({ doc }) => doc);
    const daily = (await rebuilt.find<DailySignupDocument>(DAILY_SIGNUPS_COLLECTION, {})).map(({ doc }) => doc);
    const msps = (await rebuilt.find<MspDocument>(MSPS_COLLECTION, {})).map(({ doc }) => doc);
    expect(tenants).toHaveLength(history.tenantIds.length);
    for (const tenant of tenants) {
      const members = memberships.filter((membership) => membership.tenantId === tenant.id);
      const viaLink = members.filter((membership) => membership.joinedVia === 'invite_link');
      const counted = daily.filter((row) => row.tenantId === tenant.id).reduce((sum, row) => sum + row.count, 0);
      expect({ tenant: tenant.id, memberCount: tenant.memberCount, joinsViaLink: tenant.joinsViaLink, counted }).toEqual({
        tenant: tenant.id,
        memberCount: members.length,
        joinsViaLink: history.joinsViaLink.get(tenant.id) ?? 0,
        counted: viaLink.length,
      });
      expect(tenant.lastJoinAt).toBe(viaLink.map((membership) => membership.joinedAt).sort().pop() ?? null);
      expect(tenant.mspName).toBe(`MSP ${tenant.mspId}`);
    }
    for (const msp of msps) {
      const own = tenants.filter((tenant) => tenant.mspId === msp.mspId);
      expect(msp).toMatchObject({
        tenantCount: own.length,
        activeTenantCount: own.filter((tenant) => tenant.status === 'active').length,
        canceledTenantCount: own.filter((tenant) => tenant.status === 'canceled').length,
      });
    }
    expect(memberships.every((membership) => membership.tenantName !== null && membership.roleName !== null)).toBe(true);
    expect(daily.every((row) => row.mspId !== null && row.roleName !== null)).toBe(true);
    expect((await rebuilt.find(MSP_ADMINS_COLLECTION, {})).map(({ id }) => id).sort()).toEqual([...history.mspAdminIds].sort());
  });

  it('answers joins per day from the daily signups, in day order', async () => {
    const tenantId = history.tenantIds[0];
    const rows = await readModels.joinsPerDay(tenantId, '2025-01-01', '2026-01-01');
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(history.joinsViaLink.get(tenantId));
    expect(rows.map((row) => row.day)).toEqual(rows.map((row) => row.day).sort());
  });

  it('keeps every secret out of the collections dashboards read', async () => {
    const secrets = [
      ...history.tokenHashes,
      ...history.tokenHashes.map((hash) => `v1.ciphertext-of-${hash}`),
      ...[...history.userIds, ...history.mspAdminIds, ...history.verifications.map((v) => v.userId)].map(passwordHashOf),
      ...history.verifications.flatMap((v) => [v.codeHash, v.codeSeed]),
    ];
    for (const collection of COLLECTIONS.filter((name) => !TOKEN_COLLECTIONS.includes(name))) {
      const text = (await dumpCollection(rebuilt, collection)).join('\n');
      expect({ collection, secrets: secrets.filter((secret) => text.includes(secret)) }).toEqual({ collection, secrets: [] });
      expect({ collection, field: /passwordHash|argon2|ciphertext|tokenHash|codeHash|codeSeed/i.exec(text)?.[0] ?? null }).toEqual({
        collection,
        field: null,
      });
    }
    // The code look-up holds each code's keyed hash (its id), never the seed it is derived from.
    const codes = (await dumpCollection(rebuilt, VERIFICATION_CODES_COLLECTION)).join('\n');
    expect(history.verifications.filter((v) => !codes.includes(v.codeHash) || codes.includes(v.codeSeed))).toEqual([]);
  });

  it('follows every email verification to its end: who waits, who joined, what became of each mail', async () => {
    expect(history.verifications.map((v) => v.end)).toEqual(['joined', 'expired', 'waiting', 'link_died']);
    const byId = async <T extends Document>(collection: string) =>
      new Map((await rebuilt.find<T>(collection, {})).map(({ id, doc }) => [id, doc] as const));
    const pending = await byId<PendingSignupDocument>(PENDING_SIGNUPS_COLLECTION);
    const registrations = await byId<RegistrationDocument>(REGISTRATIONS_COLLECTION);
    const mails = await byId<MailOutboxDocument>(MAIL_OUTBOX_COLLECTION);
    const codes = await byId<Record<string, string>>(VERIFICATION_CODES_COLLECTION);
    const signupStatus = { joined: 'joined', expired: 'withdrawn', waiting: 'pending', link_died: 'withdrawn' } as const;
    const registrationStatus = { joined: 'completed', expired: 'undone', waiting: 'awaiting_verification', link_died: 'undone' } as const;
    for (const v of history.verifications) {
      expect({ userId: v.userId, signup: pending.get(v.userId)?.status, registration: registrations.get(v.userId)?.status }).toEqual({
        userId: v.userId,
        signup: signupStatus[v.end],
        registration: registrationStatus[v.end],
      });
      expect(codes.get(v.codeHash)).toEqual({ userId: v.userId, tenantId: v.tenantId, reservationStream: `emailReservation-${v.userId}` });
      for (const mail of v.mails) expect({ userId: v.userId, mail: mails.get(mail.messageId)?.status }).toEqual({ userId: v.userId, mail: mail.status });
    }
    expect(history.verifications[0].mails).toHaveLength(2);
    const waiting = history.verifications.find((v) => v.end === 'waiting')!;
    expect((await readModels.pendingSignupsOfTenant(waiting.tenantId, 10)).map((signup) => signup.userId)).toEqual([waiting.userId]);
    expect((await readModels.queuedMails(10)).map((mail) => mail.messageId)).toEqual(waiting.mails.map((mail) => mail.messageId));
    const members = (await readModels.listTenantUsers(waiting.tenantId, { limit: 10 })).items.map((user) => user.userId);
    expect(members).toEqual(['v-joined']);
  });
});

withMongoDb('MongoDB read-model equivalence', (url) => {
  describe('the directory read model is the same on SQLite and on MongoDB', () => {
    const databaseName = uniqueDatabaseName('equivalence');
    const rebuiltDatabaseName = uniqueDatabaseName('equivalence_rebuilt');
    let eventStore: SqliteEventStore;
    let history: GeneratedHistory;
    let sqlite: SqliteDocumentStore;
    let mongo: MongoDocumentStore;
    let mongoRebuilt: MongoDocumentStore;
    let projections: Projections;
    let onSqlite: ReadModels;
    let onMongo: ReadModels;
    let projectedInMs = { sqlite: 0, mongo: 0 };

    const project = async (store: DocumentStore) => {
      const started = Date.now();
      // Small batches: many transaction() calls and checkpoints, as a live service makes.
      const runner = await projections.follow(store);
      await runner.waitForPosition(history.head, 120_000);
      return { readModels: directoryReadModels({ store, runner }), ms: Date.now() - started };
    };

    beforeAll(async () => {
      eventStore = new SqliteEventStore(':memory:', { pollIntervalMs: 10 });
      history = new GeneratedHistory(eventStore);
      projections = new Projections(eventStore);
      await history.generate(600);
      sqlite = new SqliteDocumentStore(':memory:');
      mongo = await MongoDocumentStore.connect(url, databaseName);
      const [a, b] = await Promise.all([project(sqlite), project(mongo)]);
      onSqlite = a.readModels;
      onMongo = b.readModels;
      projectedInMs = { sqlite: a.ms, mongo: b.ms };
      mongoRebuilt = await MongoDocumentStore.connect(url, rebuiltDatabaseName);
      await (await projections.replay(mongoRebuilt)).waitForPosition(history.head, 120_000);
    }, 240_000);

    afterAll(async () => {
      await projections?.stopAll();
      await sqlite?.close();
      for (const store of [mongo, mongoRebuilt]) {
        if (!store) continue;
        await store.dropDatabase();
        await store.close();
      }
      await eventStore?.close();
    });

    it('projected a history worth comparing, without errors', async () => {
      expect(projections.logged).toEqual([]);
      expect(history.eventCount).toBeGreaterThanOrEqual(400);
      const tenants = await Promise.all(history.mspIds.map((mspId) => onSqlite.listTenantsOfMsp(mspId)));
      expect(tenants.flat().length).toBe(history.tenantIds.length);
      expect(tenants.flat().some((t) => t.status === 'canceled')).toBe(true);
      const firstPage = await onSqlite.listTenantUsers(history.tenantIds[0], { limit: 100 });
      expect(firstPage.items.map((u) => u.userId)).toEqual(expect.arrayContaining(TRICKY_USER_IDS));
      expect(await sqlite.getCheckpoint(directoryProjection.name)).toBe(history.head);
      expect(await mongo.getCheckpoint(directoryProjection.name)).toBe(history.head);
      // For the report: how long each adapter took for the whole history.
      console.info(`equivalence: ${history.eventCount} events; projected in ${JSON.stringify(projectedInMs)} ms`);
    });

    it('answers tenants of every MSP identically', async () => {
      for (const mspId of [...history.mspIds, 'msp-unknown']) {
        expect({ mspId, tenants: await onMongo.listTenantsOfMsp(mspId) }).toEqual({
          mspId,
          tenants: await onSqlite.listTenantsOfMsp(mspId),
        });
      }
    });

    it('pages the members of every tenant identically, 3 at a time and all at once', async () => {
      let multiPage = 0;
      for (const tenantId of [...history.tenantIds, 't-unknown']) {
        let cursor: string | undefined;
        let pages = 0;
        do {
          const expected = await onSqlite.listTenantUsers(tenantId, { limit: 3, cursor });
          const actual = await onMongo.listTenantUsers(tenantId, { limit: 3, cursor });
          expect({ tenantId, page: pages, actual }).toEqual({ tenantId, page: pages, actual: expected });
          cursor = expected.nextCursor ?? undefined;
          pages += 1;
        } while (cursor);
        if (pages > 3) multiPage += 1;
        expect({ tenantId, all: await onMongo.listTenantUsers(tenantId, { limit: 100 }) }).toEqual({
          tenantId,
          all: await onSqlite.listTenantUsers(tenantId, { limit: 100 }),
        });
      }
      expect(multiPage).toBeGreaterThan(0);
    });

    it('answers roles and invite link settings of every tenant identically', async () => {
      for (const tenantId of [...history.tenantIds, 't-unknown']) {
        expect({ tenantId, roles: await onMongo.listTenantRoles(tenantId) }).toEqual({
          tenantId,
          roles: await onSqlite.listTenantRoles(tenantId),
        });
        expect({ tenantId, link: await onMongo.inviteLinkOfTenant(tenantId) }).toEqual({
          tenantId,
          link: await onSqlite.inviteLinkOfTenant(tenantId),
        });
      }
    });

    it('answers the memberships of every user identically', async () => {
      for (const userId of [...history.userIds, 'u-unknown']) {
        expect({ userId, memberships: await onMongo.membershipsOfUser(userId) }).toEqual({
          userId,
          memberships: await onSqlite.membershipsOfUser(userId),
        });
      }
    });

    it('maps every token hash identically', async () => {
      expect(history.tokenHashes.length).toBeGreaterThan(5);
      for (const tokenHash of [...history.tokenHashes, 'hash-unknown']) {
        const expected = await onSqlite.tenantIdByTokenHash(tokenHash);
        if (tokenHash !== 'hash-unknown') expect(expected).not.toBeNull();
        expect({ tokenHash, tenantId: await onMongo.tenantIdByTokenHash(tokenHash) }).toEqual({ tokenHash, tenantId: expected });
      }
    });

    it('stores the same documents, at the same positions, in every directory collection', async () => {
      await expectSameDocuments(mongo, sqlite);
      for (const collection of [TENANTS_COLLECTION, USERS_COLLECTION, MEMBERSHIPS_COLLECTION, DAILY_SIGNUPS_COLLECTION]) {
        expect((await sqlite.find(collection, {})).length).toBeGreaterThan(10);
      }
    });

    it('rebuilt from the whole log, stores the same documents as projected in small batches', () => expectSameDocuments(mongoRebuilt, mongo));

    it('answers pending signups, verification codes, queued mails and overdue verifications identically', async () => {
      expect(history.verifications.length).toBeGreaterThan(0);
      for (const tenantId of [...history.tenantIds, 't-unknown']) {
        expect({ tenantId, pending: await onMongo.pendingSignupsOfTenant(tenantId, 10) }).toEqual({
          tenantId,
          pending: await onSqlite.pendingSignupsOfTenant(tenantId, 10),
        });
      }
      for (const codeHash of [...history.verifications.map((v) => v.codeHash), 'code-hash-unknown']) {
        const expected = await onSqlite.verificationCodeOwner(codeHash);
        if (codeHash !== 'code-hash-unknown') expect(expected).not.toBeNull();
        expect({ codeHash, owner: await onMongo.verificationCodeOwner(codeHash) }).toEqual({ codeHash, owner: expected });
      }
      const queued = await onSqlite.queuedMails(10);
      expect(queued).toHaveLength(1);
      expect(await onMongo.queuedMails(10)).toEqual(queued);
      for (const now of ['2025-03-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z']) {
        expect({ now, overdue: await onMongo.overdueVerifications(now, 10) }).toEqual({ now, overdue: await onSqlite.overdueVerifications(now, 10) });
      }
      expect(await onSqlite.overdueVerifications('2030-01-01T00:00:00.000Z', 10)).toHaveLength(1);
    });

    it('answers joins per day of every tenant identically', async () => {
      for (const tenantId of [...history.tenantIds, 't-unknown']) {
        expect({ tenantId, joins: await onMongo.joinsPerDay(tenantId, '2025-03-01', '2025-03-05') }).toEqual({
          tenantId,
          joins: await onSqlite.joinsPerDay(tenantId, '2025-03-01', '2025-03-05'),
        });
      }
    });
  });
});
