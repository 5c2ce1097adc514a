import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { DocumentStore } from '../../src/shared/application/document-store.port';
import { Projection } from '../../src/shared/application/projection.port';
import { ProjectionRunner } from '../../src/infrastructure/read-models/projection-runner';
import { ReadModelHost } from '../../src/infrastructure/read-models/read-model-host';
import {
  INITIAL_GENERATION,
  MongoReadModelStorage,
  newGenerationName,
  POINTER_FILE_NAME,
  ReadModelStorage,
  REBUILD_LOCK_FILE_NAME,
  SqliteReadModelStorage,
} from '../../src/infrastructure/read-models/read-model-storage';
import { RebuildProgress, rebuildReadModels } from '../../src/infrastructure/read-models/rebuild/rebuild-read-models';
import { userStream, UserRegistered } from '../../src/modules/accounts/domain/user.decider';
import { directoryProjection, READ_MODELS_IN_ORDER } from '../../src/modules/read-models';
import { mailStream } from '../../src/modules/mail/domain/mail.events';
import { TENANTS_COLLECTION } from '../../src/modules/tenancy/read-models/tenants.read-model';
import { mspStream } from '../../src/modules/tenancy/domain/msp.decider';
import { BUILT_IN_ROLES } from '../../src/modules/tenancy/domain/roles';
import { tenantStream, TenantEvent } from '../../src/modules/tenancy/domain/tenant.events';
import { EventStore } from '../../src/shared/application/event-store.port';
import { DomainEvent } from '../../src/shared/domain/event';
import { uniqueDatabaseName, withMongoDb } from '../support/mongodb';
import { passwordHashOf } from './read-models.fixtures';

/** Small deterministic PRNG (mulberry32): the same seed makes the same history. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Appends a history shaped like the write side's: MSPs, tenants with custom roles, users
 * joining by admin and by invite link (some in several tenants), invite link settings changing,
 * regenerated, disabled and re-enabled, SSO on and off, canceled tenants, and last signups that
 * wait for their email confirmation (one confirms and joins, one expires, one still waits) with
 * their mails. Returns the head.
 */
async function appendHistory(
  eventStore: EventStore,
  options: { seed: number; msps: number; tenantsPerMsp: number; usersPerTenant: number },
): Promise<number> {
  const next = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  let clock = Date.parse('2025-03-01T09:00:00.000Z') + options.seed * 86_400_000;
  let head = 0;
  const append = async (stream: string, events: DomainEvent[]) => {
    const result = await eventStore.appendToStream(
      stream,
      events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data as Record<string, unknown>,
        // Sometimes two events share an instant: member lists must still order them stably.
        metadata: { actor: { type: 'operator' as const }, at: new Date((clock += next() < 0.2 ? 0 : 1000)).toISOString(), correlationId: randomUUID() },
      })),
      { expectedRevision: 'any' },
    );
    head = result.position;
  };
  const tenantEvents = (...events: TenantEvent[]) => events;
  const knownUsers: string[] = [];
  let lastTenantId = '';
  for (let m = 0; m < options.msps; m++) {
    const mspId = randomUUID();
    await append(mspStream(mspId), [{ type: 'MspCreated', data: { mspId, name: `MSP ${options.seed}-${m}` } }]);
    // Its admin, registered as the service does (one append), so that msp_admins is compared too.
    const adminId = randomUUID();
    await append(userStream(adminId), [
      {
        type: 'UserRegistered',
        data: { userId: adminId, email: `admin-${adminId}@msp.example`, firstName: 'Admin', lastName: `${m}`, signInMethod: 'password', passwordHash: passwordHashOf(adminId) },
      },
      { type: 'MspAdminGranted', data: { mspId, permissions: ['manage_user_roles'] } },
    ]);
    for (let t = 0; t < options.tenantsPerMsp; t++) {
      const tenantId = randomUUID();
      lastTenantId = tenantId;
      const stream = tenantStream(tenantId);
      const token = () => ({ hash: randomUUID().replace(/-/g, ''), ciphertext: `v1.${randomUUID()}` });
      let generation = 1;
      await append(
        stream,
        tenantEvents(
          { type: 'TenantCreated', data: { tenantId, mspId, name: `Tenant ${m}-${t}`, builtInRoles: [...BUILT_IN_ROLES] } },
          { type: 'TenantRoleCreated', data: { roleId: `custom-${t}`, name: 'Help Desk' } },
          { type: 'InviteLinkEnabled', data: { generation, token: token() } },
          { type: 'InviteLinkDefaultRoleChanged', data: { from: null, to: pick(['member', 'technician', `custom-${t}`]) } },
        ),
      );
      for (let u = 0; u < options.usersPerTenant; u++) {
        let userId: string;
        if (knownUsers.length > 0 && next() < 0.15) {
          userId = pick(knownUsers);
        } else {
          userId = randomUUID();
          const signInMethod = next() < 0.3 ? 'microsoft' : 'password';
          const registered: UserRegistered = {
            type: 'UserRegistered',
            data: {
              userId,
              email: `${userId}@contoso.example`,
              firstName: `First ${u}`,
              lastName: `Last ${t}`,
              signInMethod,
              ...(signInMethod === 'password' ? { passwordHash: passwordHashOf(userId) } : {}),
            },
          };
          await append(userStream(userId), [registered]);
          knownUsers.push(userId);
        }
        const roleId = pick(['member', 'technician', 'read_only', `custom-${t}`]);
        await append(
          stream,
          tenantEvents(
            next() < 0.5
              ? { type: 'TenantMemberAdded', data: { userId, roleId } }
              : { type: 'MemberJoinedViaInviteLink', data: { userId, roleId, method: 'password', generation } },
          ),
        );
        const r = next();
        if (r < 0.05) {
          await append(stream, tenantEvents({ type: 'InviteLinkRegenerated', data: { generation: ++generation, token: token() } }));
        } else if (r < 0.1) {
          const domains = [`d${u}.example`, `t${t}.example`];
          await append(stream, tenantEvents({ type: 'InviteLinkAllowedDomainsChanged', data: { added: domains, removed: [], domains } }));
        } else if (r < 0.13) {
          await append(
            stream,
            tenantEvents(
              { type: 'InviteLinkDisabled', data: { reason: 'admin' } },
              { type: 'InviteLinkEnabled', data: { generation } },
            ),
          );
        } else if (r < 0.15) {
          await append(
            stream,
            tenantEvents(
              { type: 'TenantSsoConfigured', data: { protocol: 'saml', entityId: `urn:${tenantId}`, ssoUrl: 'https://idp.example/sso' } },
              { type: 'InviteLinkDisabled', data: { reason: 'sso_configured' } },
              { type: 'TenantSsoRemoved', data: {} },
            ),
          );
        }
      }
      if (next() < 0.2) {
        await append(
          stream,
          tenantEvents({ type: 'InviteLinkDisabled', data: { reason: 'tenant_canceled' } }, { type: 'TenantCanceled', data: {} }),
        );
      }
    }
  }
  // Email verifications, appended last so that the history above stays what it was.
  for (const end of ['joined', 'expired', 'waiting'] as const) {
    const userId = randomUUID();
    const reservation = `emailReservation-${userId}`;
    const expiresAt = new Date(clock + 3_600_000).toISOString();
    await append(reservation, [{ type: 'EmailReserved', data: { userId, purpose: { kind: 'invite_link', tenantId: lastTenantId } } }]);
    await append(userStream(userId), [
      {
        type: 'UserRegistered',
        data: { userId, email: `${userId}@contoso.example`, firstName: 'Waiting', lastName: end, signInMethod: 'password', passwordHash: passwordHashOf(userId) },
      },
    ]);
    // Its id is the message id of its mail.
    const requestId = randomUUID();
    const requested = await eventStore.appendToStream(
      reservation,
      [
        {
          id: requestId,
          type: 'EmailVerificationRequested',
          data: { userId, tenantId: lastTenantId, tokenHash: `token-hash-${userId}`, codeHash: `code-hash-${userId}`, codeSeed: `code-seed-${userId}`, expiresAt },
          metadata: { actor: { type: 'new_user', id: userId }, at: new Date((clock += 1000)).toISOString(), correlationId: randomUUID() },
        },
      ],
      { expectedRevision: 'any' },
    );
    head = requested.position;
    if (end === 'joined') {
      await append(mailStream(requestId), [{ type: 'MailSent', data: { messageId: requestId, kind: 'email_verification', attempts: 1 } }]);
      await append(reservation, [{ type: 'EmailVerified', data: { userId } }]);
      await append(tenantStream(lastTenantId), tenantEvents({ type: 'MemberJoinedViaInviteLink', data: { userId, roleId: 'member', method: 'password', generation: 1 } }));
      await append(reservation, [{ type: 'RegistrationCompleted', data: { userId } }]);
    } else if (end === 'expired') {
      await append(reservation, [{ type: 'EmailVerificationExpired', data: { userId, expiresAt } }]);
      await append(userStream(userId), [{ type: 'AccountClosed', data: { reason: 'verification_expired' } }]);
      await append(reservation, [{ type: 'EmailReleased', data: { userId, reason: 'verification_expired' } }]);
      await append(mailStream(requestId), [
        { type: 'MailDiscarded', data: { messageId: requestId, kind: 'email_verification', reason: 'verification_no_longer_pending' } },
      ]);
    }
  }
  return head;
}

interface Dump {
  readonly collections: Record<string, { id: string; position: number; doc: unknown }[]>;
  readonly checkpoint: number | undefined;
}

/** Every document of every directory collection (ids, positions, bodies) and the checkpoint. */
async function dump(store: DocumentStore): Promise<Dump> {
  const collections: Dump['collections'] = {};
  for (const { collection } of READ_MODELS_IN_ORDER) {
    const documents = await store.find(collection, {});
    collections[collection] = documents
      .map(({ id, position, doc }) => ({ id, position, doc }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return { collections, checkpoint: await store.getCheckpoint(directoryProjection.name) };
}

/** FerretDB on SQLite applies a few hundred events a second: waits are generous. */
const WAIT_MS = 60_000;
jest.setTimeout(120_000);

interface StorageHarness {
  readonly storage: ReadModelStorage;
  /** Whether a generation's storage exists, checked without the storage's own bookkeeping. */
  exists(generation: string): Promise<boolean>;
  dispose(): Promise<void>;
}

function rebuildContract(adapterName: string, createHarness: () => Promise<StorageHarness>): void {
  describe(`rebuilding read models on ${adapterName}`, () => {
    let harness: StorageHarness;
    let eventStore: SqliteEventStore;
    const toClose: { close(): Promise<void> }[] = [];
    let logged: string[];

    const startHost = async () => {
      const host = await ReadModelHost.open(eventStore, harness.storage, directoryProjection, {
        pointerPollMs: 50,
        retryDelayMs: 20,
        // Dropped right after the switch; the grace period has its own test (stable-read-model-names).
        previousGenerationGraceMs: 0,
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
      for (const closable of toClose.splice(0).reverse()) await closable.close();
      await eventStore.close();
      await harness.dispose();
    });

    it('rebuilds read models equal to the live ones, document for document, checkpoint included', async () => {
      const host = await startHost();
      toClose.push({ close: () => host.stop() });
      // Appended while the live runner runs, so that it projects in batches of its own choosing.
      await appendHistory(eventStore, { seed: 1, msps: 3, tenantsPerMsp: 4, usersPerTenant: 15 });
      const head = await appendHistory(eventStore, { seed: 2, msps: 2, tenantsPerMsp: 3, usersPerTenant: 10 });
      await host.waitForPosition(head, WAIT_MS);

      const progress: RebuildProgress[] = [];
      const result = await rebuildReadModels({
        eventStore,
        storage: harness.storage,
        projection: directoryProjection,
        batchSize: 97,
        switchOver: false,
        onProgress: (p) => progress.push(p),
      });
      const rebuiltStore = await harness.storage.openGeneration(result.generation);
      toClose.push(rebuiltStore);

      const live = await dump(host.store);
      const rebuilt = await dump(rebuiltStore);
      for (const { collection } of READ_MODELS_IN_ORDER) {
        expect({ collection, filled: live.collections[collection].length > 0 }).toEqual({ collection, filled: true });
      }
      expect(live.checkpoint).toBe(head);
      expect(rebuilt).toEqual(live);

      const events = (await eventStore.readAll()).length;
      expect(result).toEqual(expect.objectContaining({ events, lastPosition: head, switched: false, previousGeneration: INITIAL_GENERATION }));
      expect(progress[0]).toEqual(expect.objectContaining({ phase: 'replaying', events: 0, targetPosition: head, firstPosition: 1 }));
      expect(progress[progress.length - 1]).toEqual(expect.objectContaining({ phase: 'done', events, position: head }));
      expect(await harness.storage.currentGeneration()).toBe(INITIAL_GENERATION);
      expect(logged).toEqual([]);
    });

    it('switches a running host over while writes and read-your-writes waits go on, then drops the old generation', async () => {
      await appendHistory(eventStore, { seed: 3, msps: 2, tenantsPerMsp: 4, usersPerTenant: 20 });
      const host = await startHost();
      toClose.push({ close: () => host.stop() });
      await host.waitForPosition((await eventStore.headPosition())!, WAIT_MS);
      const before = host.generation;

      // Writer: each new tenant must be readable as soon as the wait for its position resolves,
      // whichever generation serves the read.
      let writing = true;
      let writes = 0;
      const writer = (async () => {
        const seen: string[] = [];
        while (writing) {
          const tenantId = randomUUID();
          const { position } = await eventStore.appendToStream(
            tenantStream(tenantId),
            [
              {
                id: randomUUID(),
                type: 'TenantCreated',
                data: { tenantId, mspId: 'writer-msp', name: `Written ${seen.length}`, builtInRoles: [...BUILT_IN_ROLES] },
                metadata: { actor: { type: 'operator' }, at: new Date().toISOString(), correlationId: randomUUID() },
              },
            ],
            { expectedRevision: 'no_stream' },
          );
          await host.waitForPosition(position, WAIT_MS);
          const found = await host.store.get(TENANTS_COLLECTION, tenantId);
          if (!found) throw new Error(`tenant ${tenantId} at ${position} not readable after its wait (generation ${host.generation})`);
          seen.push(host.generation);
          writes++;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        return seen;
      })();

      while (writes < 5) await new Promise((resolve) => setTimeout(resolve, 5));
      const result = await rebuildReadModels({ eventStore, storage: harness.storage, projection: directoryProjection, batchSize: 50 });
      expect(result).toEqual(expect.objectContaining({ switched: true, previousGeneration: before }));
      expect(await harness.storage.currentGeneration()).toBe(result.generation);
      expect(await host.checkForNewGeneration()).toBe(result.generation);
      expect(host.generation).toBe(result.generation);
      // Some more writes on the new generation, then stop writing.
      await new Promise((resolve) => setTimeout(resolve, 100));
      writing = false;
      const generationsSeen = await writer;
      expect(new Set(generationsSeen)).toEqual(new Set([before, result.generation]));

      expect(await harness.exists(before)).toBe(false);
      expect(await harness.exists(result.generation)).toBe(true);

      // What the switched host holds (and keeps projecting) equals an uninterrupted projection.
      const head = await eventStore.headPosition();
      await host.waitForPosition(head!, WAIT_MS);
      const referenceStore = await harness.storage.openGeneration(newGenerationName());
      toClose.push(referenceStore);
      const reference = new ProjectionRunner(eventStore, referenceStore, directoryProjection);
      toClose.push({ close: () => reference.stop() });
      await reference.start();
      await reference.waitForPosition(head!, WAIT_MS);
      expect(await dump(host.store)).toEqual(await dump(referenceStore));
      expect(logged).toEqual([]);
    });

    it('drops its generation and switches nothing when the projection fails or the rebuild is aborted', async () => {
      await appendHistory(eventStore, { seed: 4, msps: 1, tenantsPerMsp: 2, usersPerTenant: 10 });
      const failing: Projection = {
        ...directoryProjection,
        apply: async (event, store) => {
          if (event.position === 20) throw new Error('projection bug at position 20');
          await directoryProjection.apply(event, store);
        },
      };
      const generationsBefore = await harness.storage.listGenerations();
      await expect(
        rebuildReadModels({ eventStore, storage: harness.storage, projection: failing, batchSize: 7, generation: 'failing-1' }),
      ).rejects.toThrow('projection bug at position 20');
      expect(await harness.exists('failing-1')).toBe(false);

      const abort = new AbortController();
      await expect(
        rebuildReadModels({
          eventStore,
          storage: harness.storage,
          projection: directoryProjection,
          batchSize: 5,
          generation: 'aborted-1',
          signal: abort.signal,
          onProgress: (p) => {
            if (p.events >= 10) abort.abort(new Error('stop now'));
          },
        }),
      ).rejects.toThrow('stop now');
      expect(await harness.exists('aborted-1')).toBe(false);
      expect(await harness.storage.currentGeneration()).toBe(INITIAL_GENERATION);
      expect(await harness.storage.listGenerations()).toEqual(generationsBefore);
    });
  });
}

rebuildContract('SQLite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rebuild-'));
  const storage = new SqliteReadModelStorage(dataDir);
  return {
    storage,
    exists: async (generation) => existsSync(storage.fileOf(generation)),
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});

describe('rebuilding read models on SQLite: files', () => {
  let dataDir: string;
  let eventStore: SqliteEventStore;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rebuild-files-'));
    eventStore = new SqliteEventStore(join(dataDir, 'events.sqlite3'));
  });
  afterEach(async () => {
    await eventStore.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on read-models.sqlite3 without a pointer, and switches by renaming a complete pointer file into place', async () => {
    const storage = new SqliteReadModelStorage(dataDir);
    expect(await storage.currentGeneration()).toBe(INITIAL_GENERATION);
    expect(storage.fileOf(INITIAL_GENERATION)).toBe(join(dataDir, 'read-models.sqlite3'));
    await appendHistory(eventStore, { seed: 5, msps: 1, tenantsPerMsp: 1, usersPerTenant: 3 });
    const result = await rebuildReadModels({ eventStore, storage, projection: directoryProjection });
    expect(storage.fileOf(result.generation)).toBe(join(dataDir, `read-models-${result.generation}.sqlite3`));
    expect(existsSync(storage.fileOf(result.generation))).toBe(true);
    expect(await storage.pointer()).toEqual({ generation: result.generation, previous: INITIAL_GENERATION, switchedAt: expect.any(String) });
    // No temporary file is left next to the pointer, and no lock.
    expect(readdirSync(dataDir).filter((name) => name.startsWith(POINTER_FILE_NAME) || name === REBUILD_LOCK_FILE_NAME)).toEqual([
      POINTER_FILE_NAME,
    ]);
    // A pointer naming a path outside the data directory is refused.
    writeFileSync(join(dataDir, POINTER_FILE_NAME), '../../etc/passwd\n');
    await expect(storage.currentGeneration()).rejects.toThrow('Invalid read-model generation name');
  });

  it('keeps serving its generation, logging once, while the pointer names something it cannot follow', async () => {
    const storage = new SqliteReadModelStorage(dataDir);
    const head = await appendHistory(eventStore, { seed: 7, msps: 1, tenantsPerMsp: 2, usersPerTenant: 3 });
    const logged: string[] = [];
    const host = await ReadModelHost.open(eventStore, storage, directoryProjection, {
      pointerPollMs: 20,
      log: (message) => logged.push(message),
    });
    await host.start();
    try {
      await host.waitForPosition(head);
      const before = await dump(host.store);
      writeFileSync(join(dataDir, POINTER_FILE_NAME), 'Not A Generation!\n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(logged).toEqual(['Read models: could not follow the generation pointer; retrying']);
      expect(host.generation).toBe(INITIAL_GENERATION);
      expect(await dump(host.store)).toEqual(before);
    } finally {
      await host.stop();
    }
  });

  it('refuses to drop the current generation', async () => {
    const storage = new SqliteReadModelStorage(dataDir);
    await expect(storage.dropGeneration(INITIAL_GENERATION)).rejects.toThrow('is the current one');
  });

  it('refuses to run next to a live rebuild, and cleans up after a killed one', async () => {
    const storage = new SqliteReadModelStorage(dataDir);
    await appendHistory(eventStore, { seed: 6, msps: 1, tenantsPerMsp: 1, usersPerTenant: 3 });
    const lockFile = join(dataDir, REBUILD_LOCK_FILE_NAME);

    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, host: hostname(), since: 'earlier' }));
    await expect(rebuildReadModels({ eventStore, storage, projection: directoryProjection })).rejects.toThrow(
      /another rebuild is running \(pid \d+/,
    );

    // What `kill -9` of a rebuild leaves: its lock (with a dead pid) and a half-built generation.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(lockFile, JSON.stringify({ pid: Number(dead), host: hostname(), since: 'earlier' }));
    const halfBuilt = await storage.openGeneration('20250101-000000-dead00');
    await halfBuilt.saveCheckpoint(directoryProjection.name, 3);
    await halfBuilt.close();

    const result = await rebuildReadModels({ eventStore, storage, projection: directoryProjection });
    expect(result.droppedLeftovers).toEqual(['20250101-000000-dead00']);
    expect(existsSync(storage.fileOf('20250101-000000-dead00'))).toBe(false);
    expect(existsSync(lockFile)).toBe(false);
    expect(await storage.listGenerations()).toEqual([result.generation]);
  });
});

withMongoDb('rebuilding read models on MongoDB', (url) => {
  rebuildContract('MongoDB', async () => {
    const base = uniqueDatabaseName('rebuild');
    const withDatabase = new URL(url);
    withDatabase.pathname = `/${base}`;
    const storage = new MongoReadModelStorage(withDatabase.toString());
    const client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 });
    const databases = async () =>
      (await client.db('admin').admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name).filter((n) => n === base || n.startsWith(`${base}_`));
    return {
      storage,
      exists: async (generation) => (await databases()).includes(`${base}_${generation}`),
      async dispose() {
        await storage.close();
        for (const name of await databases()) await client.db(name).dropDatabase();
        await client.close();
      },
    };
  });
});
