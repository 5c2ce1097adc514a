import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { ReadModelHost } from '../../src/infrastructure/read-models/read-model-host';
import {
  INITIAL_GENERATION,
  MongoReadModelStorage,
  ReadModelStorage,
  SqliteReadModelStorage,
  STABLE_FILE_NAME,
} from '../../src/infrastructure/read-models/read-model-storage';
import { rebuildReadModels } from '../../src/infrastructure/read-models/rebuild/rebuild-read-models';
import { directoryProjection, READ_MODELS_IN_ORDER } from '../../src/modules/read-models';
import { userStream, UserRegistered } from '../../src/modules/accounts/domain/user.decider';
import { MEMBERSHIPS_COLLECTION } from '../../src/modules/tenancy/read-models/memberships.read-model';
import { mspStream } from '../../src/modules/tenancy/domain/msp.decider';
import { BUILT_IN_ROLES } from '../../src/modules/tenancy/domain/roles';
import { tenantStream } from '../../src/modules/tenancy/domain/tenant.events';
import { EventStore } from '../../src/shared/application/event-store.port';
import { DomainEvent } from '../../src/shared/domain/event';
import { uniqueDatabaseName, withMongoDb } from '../support/mongodb';

/** FerretDB on SQLite applies a few hundred events a second: waits are generous. */
const WAIT_MS = 60_000;
jest.setTimeout(180_000);

const COLLECTIONS = READ_MODELS_IN_ORDER.map((readModel) => readModel.collection);

/** Two MSPs, tenants with members joining at distinct instants. Returns the head. */
async function appendHistory(eventStore: EventStore): Promise<number> {
  let head = 0;
  let clock = Date.parse('2025-06-01T08:00:00.000Z');
  const append = async (stream: string, events: DomainEvent[]) => {
    const result = await eventStore.appendToStream(
      stream,
      events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data as Record<string, unknown>,
        metadata: { actor: { type: 'operator' as const }, at: new Date((clock += 60_000)).toISOString(), correlationId: randomUUID() },
      })),
      { expectedRevision: 'any' },
    );
    head = result.position;
  };
  for (let m = 0; m < 2; m++) {
    const mspId = randomUUID();
    await append(mspStream(mspId), [{ type: 'MspCreated', data: { mspId, name: `MSP ${m}` } }]);
    for (let t = 0; t < 2; t++) {
      const tenantId = randomUUID();
      await append(tenantStream(tenantId), [
        { type: 'TenantCreated', data: { tenantId, mspId, name: `Tenant ${m}-${t}`, builtInRoles: [...BUILT_IN_ROLES] } },
      ]);
      for (let u = 0; u < 4; u++) {
        const userId = randomUUID();
        const registered: UserRegistered = {
          type: 'UserRegistered',
          data: { userId, email: `${userId}@contoso.example`, firstName: `First ${u}`, lastName: `Last ${t}`, signInMethod: 'microsoft' },
        };
        await append(userStream(userId), [registered]);
        await append(tenantStream(tenantId), [{ type: 'TenantMemberAdded', data: { userId, roleId: BUILT_IN_ROLES[u % BUILT_IN_ROLES.length].id } }]);
      }
    }
  }
  return head;
}

/** What a dashboard reads through the stable names: collection -> sorted ids. */
type Snapshot = Record<string, string[]>;

interface StableHarness {
  readonly storage: ReadModelStorage;
  /** One read of every collection through the stable names, as a dashboard would make it. */
  read(): Promise<Snapshot>;
  generationExists(generation: string): Promise<boolean>;
  dispose(): Promise<void>;
}

function stableNamesContract(adapterName: string, createHarness: () => Promise<StableHarness>): void {
  describe(`stable read-model names on ${adapterName}`, () => {
    let harness: StableHarness;
    let eventStore: SqliteEventStore;
    let host: ReadModelHost | undefined;
    let logged: string[];

    const startHost = async (previousGenerationGraceMs: number) => {
      host = await ReadModelHost.open(eventStore, harness.storage, directoryProjection, {
        pointerPollMs: 50,
        retryDelayMs: 20,
        previousGenerationGraceMs,
        log: (message, error) => logged.push(`${message} ${String(error)}`),
      });
      await host.start();
      return host;
    };

    beforeEach(async () => {
      harness = await createHarness();
      eventStore = new SqliteEventStore(':memory:', { pollIntervalMs: 10 });
      logged = [];
    });

    afterEach(async () => {
      await host?.stop();
      host = undefined;
      await eventStore.close();
      await harness.dispose();
    });

    it('a reader polling the stable names during a rebuild never sees a partial collection or an error', async () => {
      const head = await appendHistory(eventStore);
      const running = await startHost(60_000);
      await running.waitForPosition(head, WAIT_MS);
      // The first publication (a store from before stable names gets them at start) is done
      // once a pointer check queued after it resolves.
      const before = await running.checkForNewGeneration();
      const expected = await harness.read();
      expect(expected[MEMBERSHIPS_COLLECTION]).toHaveLength(16);

      let polling = true;
      let reads = 0;
      const failures: string[] = [];
      const reader = (async () => {
        while (polling) {
          try {
            const seen = await harness.read();
            for (const collection of Object.keys(expected)) {
              const wanted = expected[collection].join(',');
              const got = (seen[collection] ?? []).join(',');
              if (got !== wanted) failures.push(`read ${reads}: ${collection} had ${seen[collection]?.length ?? 0} of ${expected[collection].length}`);
            }
          } catch (error) {
            failures.push(`read ${reads}: ${String(error)}`);
          }
          reads++;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();

      const result = await rebuildReadModels({ eventStore, storage: harness.storage, projection: directoryProjection, batchSize: 10 });
      expect(await running.checkForNewGeneration()).toBe(result.generation);
      const readsAtSwitch = reads;
      while (reads < readsAtSwitch + 5) await new Promise((resolve) => setTimeout(resolve, 5));
      polling = false;
      await reader;

      expect(failures).toEqual([]);
      expect(reads).toBeGreaterThan(5);
      expect(await harness.read()).toEqual(expected);
      // Within its grace period the replaced generation is still there, whole.
      expect(await harness.generationExists(before)).toBe(true);
      expect(logged).toEqual([]);
    });

    it('keeps the previous generation for the grace period, then drops it', async () => {
      await appendHistory(eventStore);
      const running = await startHost(5000);
      const before = await running.checkForNewGeneration();
      const result = await rebuildReadModels({ eventStore, storage: harness.storage, projection: directoryProjection });
      expect(await running.checkForNewGeneration()).toBe(result.generation);
      expect(await harness.generationExists(before)).toBe(true);
      const deadline = Date.now() + WAIT_MS;
      while ((await harness.generationExists(before)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await harness.generationExists(before)).toBe(false);
      expect(await harness.generationExists(result.generation)).toBe(true);
      expect(logged).toEqual([]);
    });
  });
}

stableNamesContract('SQLite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stable-names-'));
  const storage = new SqliteReadModelStorage(dataDir);
  return {
    storage,
    async read() {
      // A fresh connection per read, through the link, read-only: a dashboard's query.
      const db = new Database(join(dataDir, STABLE_FILE_NAME), { readonly: true, fileMustExist: true });
      try {
        const snapshot: Snapshot = {};
        // A collection nothing was written to yet has no table.
        const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
        for (const collection of COLLECTIONS) {
          if (!tables.has(`doc_${collection}`)) continue;
          const rows = db.prepare(`SELECT id, body FROM "doc_${collection}" ORDER BY id`).all() as { id: string; body: string }[];
          for (const { body } of rows) JSON.parse(body);
          snapshot[collection] = rows.map(({ id }) => id);
        }
        return snapshot;
      } finally {
        db.close();
      }
    },
    generationExists: async (generation) => existsSync(storage.fileOf(generation)),
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});

describe('stable read-model names on SQLite: the link', () => {
  it('links the current generation, including a data directory from before stable names', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stable-link-'));
    const eventStore = new SqliteEventStore(':memory:', { pollIntervalMs: 10 });
    try {
      const storage = new SqliteReadModelStorage(dataDir, { graceMs: 0 });
      await appendHistory(eventStore);
      const host = await ReadModelHost.open(eventStore, storage, directoryProjection, { pointerPollMs: 20 });
      await host.start();
      try {
        await host.checkForNewGeneration();
        expect(readlinkSync(join(dataDir, STABLE_FILE_NAME))).toBe('read-models.sqlite3');
        expect(storage.stableGeneration()).toBe(INITIAL_GENERATION);
      } finally {
        await host.stop();
      }
      // Without a service running, the rebuild moves the link itself.
      const result = await rebuildReadModels({ eventStore, storage, projection: directoryProjection });
      expect(readlinkSync(join(dataDir, STABLE_FILE_NAME))).toBe(`read-models-${result.generation}.sqlite3`);
      expect(await storage.listGenerations()).toEqual([INITIAL_GENERATION, result.generation]);
      await expect(storage.dropGeneration(result.generation)).rejects.toThrow('is the current one');
    } finally {
      await eventStore.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

withMongoDb('stable read-model names on MongoDB', (url) => {
  let client: MongoClient;
  beforeAll(async () => {
    client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 });
  });
  afterAll(async () => client.close());

  const harnessFor = (base: string) => {
    const withDatabase = new URL(url);
    withDatabase.pathname = `/${base}`;
    const storage = new MongoReadModelStorage(withDatabase.toString());
    const databases = async () =>
      (await client.db('admin').admin().listDatabases({ nameOnly: true })).databases
        .map((d) => d.name)
        .filter((n) => n === base || n.startsWith(`${base}_`));
    return { storage, databases };
  };

  stableNamesContract('MongoDB', async () => {
    const base = uniqueDatabaseName('stable');
    const { storage, databases } = harnessFor(base);
    return {
      storage,
      async read() {
        const snapshot: Snapshot = {};
        for (const collection of COLLECTIONS) {
          const documents = await client.db(base).collection<{ _id: string; doc: unknown }>(collection).find({}).sort({ _id: 1 }).toArray();
          for (const { doc } of documents) if (typeof doc !== 'object' || doc === null) throw new Error(`${collection}: no doc`);
          snapshot[collection] = documents.map(({ _id }) => _id);
        }
        return snapshot;
      },
      generationExists: async (generation) => (await databases()).includes(`${base}_${generation}`),
      async dispose() {
        await storage.close();
        for (const name of await databases()) await client.db(name).dropDatabase();
      },
    };
  });

  describe('dates on MongoDB', () => {
    it('stores date fields as BSON dates, in the generation and under the stable names, and reads them back as the same text', async () => {
      const base = uniqueDatabaseName('dates');
      const { storage, databases } = harnessFor(base);
      const eventStore = new SqliteEventStore(':memory:', { pollIntervalMs: 10 });
      const host = await ReadModelHost.open(eventStore, storage, directoryProjection, { pointerPollMs: 20 });
      try {
        const head = await appendHistory(eventStore);
        await host.start();
        await host.waitForPosition(head, WAIT_MS);
        await host.checkForNewGeneration();
        const [membership] = await host.store.find<{ joinedAt: unknown; tenantId: string }>(MEMBERSHIPS_COLLECTION, { limit: 1 });
        expect(typeof membership.doc.joinedAt).toBe('string');
        const event = (await eventStore.readAll()).find((e) => e.position === membership.position)!;
        expect(membership.doc.joinedAt).toBe(event.metadata.at);

        for (const database of [`${base}_${INITIAL_GENERATION}`, base]) {
          const raw = await client.db(database).collection<{ _id: string; doc: { joinedAt: unknown } }>(MEMBERSHIPS_COLLECTION).findOne({ _id: membership.id });
          expect(raw?.doc.joinedAt).toBeInstanceOf(Date);
          expect((raw!.doc.joinedAt as Date).toISOString()).toBe(membership.doc.joinedAt);
          // A dashboard can range over them as dates.
          const since = new Date(Date.parse(membership.doc.joinedAt as string) - 1);
          expect(await client.db(database).collection(MEMBERSHIPS_COLLECTION).countDocuments({ _id: membership.id, 'doc.joinedAt': { $gt: since } } as never)).toBe(1);
        }
        // Equality and keyset queries on a date field still take the text.
        const byDate = await host.store.find(MEMBERSHIPS_COLLECTION, { where: { joinedAt: membership.doc.joinedAt as string } });
        expect(byDate.map(({ id }) => id)).toEqual([membership.id]);
        const after = await host.store.find(MEMBERSHIPS_COLLECTION, {
          orderBy: [{ field: 'joinedAt', direction: 'asc' }],
          after: [membership.doc.joinedAt as string],
        });
        expect(after.every(({ doc }) => (doc.joinedAt as string) > (membership.doc.joinedAt as string))).toBe(true);
      } finally {
        await host.stop();
        await eventStore.close();
        for (const name of await databases()) await client.db(name).dropDatabase();
      }
    });
  });
});
