import { DomainError } from '../../src/shared/domain/domain-error';
import { EventStore, EventToAppend } from '../../src/shared/application/event-store.port';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { DocumentStore } from '../../src/shared/application/document-store.port';
import { ProjectionRunner } from '../../src/infrastructure/read-models/projection-runner';
import { MongoDocumentStore } from '../../src/infrastructure/read-models/mongodb/mongo-document-store';
import { SqliteDocumentStore } from '../../src/infrastructure/read-models/sqlite/sqlite-document-store';
import { directoryProjection, directoryReadModels, READ_MODELS_IN_ORDER } from '../../src/modules/read-models';
import { ReadModels } from '../../src/shared/application/read-models.port';
import { USERS_COLLECTION } from '../../src/modules/accounts/read-models/users.read-model';
import { MEMBERSHIPS_COLLECTION } from '../../src/modules/tenancy/read-models/memberships.read-model';
import { TENANTS_COLLECTION } from '../../src/modules/tenancy/read-models/tenants.read-model';
import { mspStream } from '../../src/modules/tenancy/domain/msp.decider';
import { userStream } from '../../src/modules/accounts/domain/user.decider';
import { TenantCommand, tenantDecider } from '../../src/modules/tenancy/domain/tenant.decider';
import { TenantState } from '../../src/modules/tenancy/domain/tenant.state';
import { tenantStream } from '../../src/modules/tenancy/domain/tenant.events';
import { canonicalJson, uniqueDatabaseName, withMongoDb } from '../support/mongodb';
import { passwordHashOf } from './read-models.fixtures';

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

/**
 * Hundreds of realistic directory events: MSPs, tenants, custom roles, members added by admins and
 * joined via invite links, links enabled, disabled, regenerated, their default role and domains
 * changed, SSO configured and removed, tenants canceled. Tenant events come from the real tenant
 * decider, so the history is one the service could have written; commands it refuses are dropped.
 */
class GeneratedHistory {
  readonly mspIds: string[] = [];
  readonly tenantIds: string[] = [];
  readonly userIds: string[] = [];
  readonly tokenHashes: string[] = [];
  eventCount = 0;
  head = 0;

  private readonly random = mulberry32(SEED);
  private readonly tenants = new Map<string, TenantState>();
  private readonly emails = new Map<string, string>();
  private readonly members = new Map<string, Set<string>>();
  private clock = Date.parse('2025-03-01T09:00:00.000Z');
  private ids = 0;

  constructor(private readonly eventStore: EventStore) {}

  async generate(steps: number): Promise<void> {
    for (let i = 0; i < 4; i++) await this.createMsp(`msp-${i}`);
    for (let i = 0; i < 6; i++) await this.createTenant();
    for (let i = 0; i < 15; i++) await this.registerUser(`u-${String(i).padStart(3, '0')}`);
    await this.trickyTies();
    for (let step = 0; step < steps; step++) await this.randomStep();
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
      if ((event.type === 'InviteLinkEnabled' || event.type === 'InviteLinkRegenerated') && event.data.token) {
        this.tokenHashes.push(event.data.token.hash);
      }
    }
    this.tenants.set(tenantId, state);
    await this.append(tenantStream(tenantId), events as { type: string; data: object }[], advanceMs);
  }

  private async append(stream: string, events: readonly { type: string; data: object }[], advanceMs?: number): Promise<void> {
    // Mostly a few seconds apart, sometimes the same millisecond.
    this.clock += advanceMs ?? (this.random() < 0.15 ? 0 : 1 + Math.floor(this.random() * 5000));
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

withMongoDb('MongoDB read-model equivalence', (url) => {
  describe('the directory read model is the same on SQLite and on MongoDB', () => {
    const databaseName = uniqueDatabaseName('equivalence');
    let eventStore: SqliteEventStore;
    let history: GeneratedHistory;
    let sqlite: SqliteDocumentStore;
    let mongo: MongoDocumentStore;
    const runners: ProjectionRunner[] = [];
    const logged: unknown[] = [];
    let onSqlite: ReadModels;
    let onMongo: ReadModels;
    let projectedInMs = { sqlite: 0, mongo: 0 };

    const project = async (store: DocumentStore) => {
      const started = Date.now();
      const runner = new ProjectionRunner(eventStore, store, directoryProjection, {
        // Small batches: many transaction() calls and checkpoints, as a live service makes.
        batchSize: 50,
        retryDelayMs: 20,
        log: (message, error) => logged.push({ message, error }),
      });
      runners.push(runner);
      await runner.start();
      await runner.waitForPosition(history.head, 120_000);
      return { readModels: directoryReadModels({ store, runner }), ms: Date.now() - started };
    };

    beforeAll(async () => {
      eventStore = new SqliteEventStore(':memory:', { pollIntervalMs: 10 });
      history = new GeneratedHistory(eventStore);
      await history.generate(600);
      sqlite = new SqliteDocumentStore(':memory:');
      mongo = await MongoDocumentStore.connect(url, databaseName);
      const [a, b] = await Promise.all([project(sqlite), project(mongo)]);
      onSqlite = a.readModels;
      onMongo = b.readModels;
      projectedInMs = { sqlite: a.ms, mongo: b.ms };
    }, 180_000);

    afterAll(async () => {
      for (const runner of runners) await runner.stop();
      await sqlite?.close();
      if (mongo) {
        await mongo.dropDatabase();
        await mongo.close();
      }
      await eventStore?.close();
    });

    it('projected a history worth comparing, without errors', async () => {
      expect(logged).toEqual([]);
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
      const collections = READ_MODELS_IN_ORDER.map((readModel) => readModel.collection);
      for (const collection of collections) {
        const expected = await dumpCollection(sqlite, collection);
        expect({ collection, documents: await dumpCollection(mongo, collection) }).toEqual({ collection, documents: expected });
      }
      for (const collection of [TENANTS_COLLECTION, USERS_COLLECTION, MEMBERSHIPS_COLLECTION]) {
        expect((await sqlite.find(collection, {})).length).toBeGreaterThan(10);
      }
    });
  });
});
