import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/infrastructure/read-models/projection-runner';
import { SqliteDocumentStore } from '../../src/infrastructure/read-models/sqlite/sqlite-document-store';
import { STABLE_FILE_NAME } from '../../src/infrastructure/read-models/read-model-storage';
import { userStream, UserRegistered } from '../../src/modules/accounts/domain/user.decider';
import { directoryProjection } from '../../src/modules/read-models';
import { mspStream } from '../../src/modules/tenancy/domain/msp.decider';
import { BUILT_IN_ROLES } from '../../src/modules/tenancy/domain/roles';
import { tenantStream, TenantEvent } from '../../src/modules/tenancy/domain/tenant.events';
import { DomainEvent } from '../../src/shared/domain/event';
import { api, freshDataDir, OPERATOR_TOKEN, ServiceProcess, startService, stop, waitUntilLive } from './service-process';

jest.setTimeout(180_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(2);
  }
}

interface Backlog {
  readonly head: number;
  readonly events: number;
  readonly mspId: string;
  readonly tenants: readonly string[];
}

/**
 * ~38,000 events shaped like the write side's, appended through the SqliteEventStore class into
 * a service's (stopped) events.sqlite3: one MSP, 400 tenants with a custom role and an invite
 * link, 12,000 users, 60 members per tenant, now and then a regenerated link or new domains.
 */
async function appendBacklog(file: string): Promise<Backlog> {
  const store = new SqliteEventStore(file);
  let clock = Date.parse('2025-06-01T08:00:00.000Z');
  let head = 0;
  let events = 0;
  const append = async (stream: string, batch: DomainEvent[]) => {
    const result = await store.appendToStream(
      stream,
      batch.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data as Record<string, unknown>,
        metadata: { actor: { type: 'operator' as const }, at: new Date((clock += 7)).toISOString(), correlationId: randomUUID() },
      })),
      { expectedRevision: 'any' },
    );
    head = result.position;
    events += batch.length;
  };
  const token = () => ({ hash: randomUUID().replace(/-/g, ''), ciphertext: `v1.${randomUUID()}` });
  try {
    const mspId = randomUUID();
    await append(mspStream(mspId), [{ type: 'MspCreated', data: { mspId, name: 'Backlog MSP' } }]);
    const tenants = Array.from({ length: 400 }, () => randomUUID());
    for (const [t, tenantId] of tenants.entries()) {
      await append(tenantStream(tenantId), [
        { type: 'TenantCreated', data: { tenantId, mspId, name: `Tenant ${t}`, builtInRoles: [...BUILT_IN_ROLES] } },
        { type: 'TenantRoleCreated', data: { roleId: `desk-${t}`, name: 'Help Desk' } },
        { type: 'InviteLinkEnabled', data: { generation: 1, token: token() } },
        { type: 'InviteLinkDefaultRoleChanged', data: { from: null, to: 'technician' } },
      ] satisfies TenantEvent[]);
    }
    const users = Array.from({ length: 12_000 }, () => randomUUID());
    for (const [u, userId] of users.entries()) {
      const registered: UserRegistered = {
        type: 'UserRegistered',
        data: { userId, email: `u${u}@backlog.example`, firstName: `First${u}`, lastName: `Last${u}`, signInMethod: 'microsoft' },
      };
      await append(userStream(userId), [registered]);
    }
    for (const [t, tenantId] of tenants.entries()) {
      const batch: TenantEvent[] = [];
      for (let k = 0; k < 60; k++) {
        const userId = users[(t * 30 + k) % users.length];
        batch.push(
          k % 2 === 0
            ? { type: 'TenantMemberAdded', data: { userId, roleId: k % 3 === 0 ? `desk-${t}` : 'member' } }
            : { type: 'MemberJoinedViaInviteLink', data: { userId, roleId: 'technician', method: 'password', generation: 1 } },
        );
        if (k === 30 && t % 5 === 0) batch.push({ type: 'InviteLinkRegenerated', data: { generation: 2, token: token() } });
        if (k === 40 && t % 7 === 0) {
          batch.push({ type: 'InviteLinkAllowedDomainsChanged', data: { added: [`t${t}.example`], removed: [], domains: [`t${t}.example`] } });
        }
      }
      await append(tenantStream(tenantId), batch);
    }
    return { head, events, mspId, tenants };
  } finally {
    await store.close();
  }
}

/** Every table of a read-model file (documents and checkpoints), as one text. */
function dumpReadModelFile(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    return tables.map(({ name }) => `${name}: ${JSON.stringify(db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all())}`).join('\n');
  } finally {
    db.close();
  }
}

/** The reference: one uninterrupted projection of the same events into a file of its own. */
async function projectUninterrupted(eventsFile: string, head: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'reference-read-models-'));
  const eventStore = new SqliteEventStore(eventsFile);
  const store = new SqliteDocumentStore(join(dir, 'reference.sqlite3'));
  const runner = new ProjectionRunner(eventStore, store, directoryProjection);
  try {
    await runner.start();
    await runner.waitForPosition(head, 120_000);
  } finally {
    await runner.stop();
    await store.close();
    await eventStore.close();
  }
  const text = dumpReadModelFile(join(dir, 'reference.sqlite3'));
  rmSync(dir, { recursive: true, force: true });
  return text;
}

/** Reads a read-model file's checkpoint from the side, as committed (undefined until there is one). */
class CheckpointProbe {
  private db: Database.Database | undefined;

  constructor(private readonly file: string) {}

  read(): number | undefined {
    try {
      // Read-only, so that probing never recovers or checkpoints the file behind the service's back.
      this.db ??= new Database(this.file, { readonly: true, fileMustExist: true });
      return this.db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE name = ?').get('directory')
        ?.position;
    } catch {
      this.close();
      return undefined;
    }
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}

function runRebuild(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null>; stdout(): string; stderr(): string } {
  let out = '';
  let err = '';
  const child = spawn(process.execPath, [join(__dirname, '../../dist/cli/rebuild-read-models.js')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => out, stderr: () => err };
}

describe('crashes in the middle of projecting', () => {
  let backlogDir: string;
  let backlog: Backlog;
  let reference: string;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    backlogDir = mkdtempSync(join(tmpdir(), 'projection-backlog-'));
    const startedAt = Date.now();
    backlog = await appendBacklog(join(backlogDir, 'events.sqlite3'));
    const appended = Date.now();
    reference = await projectUninterrupted(join(backlogDir, 'events.sqlite3'), backlog.head);
    console.log(
      `backlog: ${backlog.events} events appended in ${((appended - startedAt) / 1000).toFixed(1)} s, ` +
        `projected without interruption in ${((Date.now() - appended) / 1000).toFixed(1)} s`,
    );
  });

  afterAll(() => rmSync(backlogDir, { recursive: true, force: true }));

  afterEach(async () => {
    if (service) await stop(service, 'SIGKILL');
    service = undefined;
  });

  /** A data directory holding a copy of the backlog's (closed, so self-contained) event file. */
  function dataDirWithBacklog(): { dataDir: string; env: Record<string, string> } {
    const dataDir = freshDataDir();
    copyFileSync(join(backlogDir, 'events.sqlite3'), join(dataDir, 'events.sqlite3'));
    // Audit checkpoints off: they append events of their own after the backlog, and these tests
    // wait for the read models to reach exactly the backlog's head.
    // Grace 0: the replaced generation is dropped as soon as the service has switched.
    return { dataDir, env: { DATA_DIR: dataDir, OPERATOR_TOKEN, SEED_DEMO: 'false', AUDIT_CHECKPOINTS: 'off', READ_MODEL_GRACE_SECONDS: '0' } };
  }

  it('ends with read models identical to an uninterrupted run after kill -9 during catch-up, at three different points', async () => {
    expect(backlog.events).toBeGreaterThanOrEqual(20_000);
    const { dataDir, env } = dataDirWithBacklog();
    const readModels = join(dataDir, 'read-models.sqlite3');
    const killedAt: number[] = [];
    let previous = 0;
    for (const fraction of [0.15, 0.45, 0.75]) {
      const probe = new CheckpointProbe(readModels);
      service = startService(env);
      const target = Math.floor(backlog.head * fraction);
      await until(() => ((probe.read() ?? 0) >= target ? true : undefined), 60_000, `the checkpoint passes ${target}`);
      await stop(service, 'SIGKILL');
      service = undefined;
      const checkpoint = probe.read() ?? 0;
      probe.close();
      // The kill landed while the runner was catching up: it had moved on, but was not done.
      expect(checkpoint).toBeGreaterThan(previous);
      expect(checkpoint).toBeLessThan(backlog.head);
      killedAt.push(checkpoint);
      previous = checkpoint;
    }

    service = startService(env);
    await waitUntilLive(service);
    const probe = new CheckpointProbe(readModels);
    await until(() => (probe.read() === backlog.head ? true : undefined), 60_000, 'the read models catch up');
    probe.close();
    const tenants = await api(service, 'GET', `/api/v1/msps/${backlog.mspId}/tenants`);
    expect(tenants.body.items).toHaveLength(400);
    expect((await stop(service)).code).toBe(0);
    service = undefined;

    expect(dumpReadModelFile(readModels)).toBe(reference);
    console.log(`projection crash test: killed at checkpoints ${killedAt.join(', ')} of ${backlog.head}`);
  });

  it('leaves the service on its generation when the rebuild is killed, and a new rebuild then succeeds', async () => {
    const { dataDir, env } = dataDirWithBacklog();
    service = startService(env);
    await waitUntilLive(service);
    const running = service;
    const initial = new CheckpointProbe(join(dataDir, 'read-models.sqlite3'));
    await until(() => (initial.read() === backlog.head ? true : undefined), 60_000, 'the service catches up');
    initial.close();
    const reads = [
      `/api/v1/msps/${backlog.mspId}/tenants`,
      `/api/v1/tenants/${backlog.tenants[7]}/users?limit=100`,
      `/api/v1/tenants/${backlog.tenants[350]}/roles`,
    ];
    const answers = async () => Promise.all(reads.map(async (path) => api(running, 'GET', path)));
    const before = await answers();
    expect(before.map((answer) => answer.status)).toEqual([200, 200, 200]);

    // Kill the rebuild once its new generation holds some, but not all, of the log.
    const killed = runRebuild(env);
    const generationFile = await until(
      // Not read-models-current.sqlite3: that is the stable link to the service's generation.
      () => readdirSync(dataDir).find((name) => /^read-models-.+\.sqlite3$/.test(name) && name !== STABLE_FILE_NAME),
      30_000,
      'the rebuild creates its generation',
    );
    const probe = new CheckpointProbe(join(dataDir, generationFile));
    await until(() => ((probe.read() ?? 0) >= backlog.head * 0.3 ? true : undefined), 60_000, 'the rebuild is under way');
    killed.child.kill('SIGKILL');
    expect(await killed.exited).toBeNull();
    const reachedBeforeKill = probe.read()!;
    probe.close();
    expect(reachedBeforeKill).toBeLessThan(backlog.head);

    // Nothing switched: no pointer, the service still reads its own generation and answers the same.
    await sleep(1500);
    expect(existsSync(join(dataDir, 'read-models.current'))).toBe(false);
    expect(running.stdout()).not.toContain('switching from generation');
    expect(await answers()).toEqual(before);

    const again = runRebuild(env);
    expect({ code: await again.exited, stderr: again.stderr() }).toEqual({ code: 0, stderr: expect.any(String) });
    const generation = /Switched to generation (\S+)/.exec(again.stdout())![1];
    const leftover = /^read-models-(.+)\.sqlite3$/.exec(generationFile)![1];
    expect(again.stdout()).toContain(`Dropped generations left by interrupted rebuilds: ${leftover}.`);
    expect(existsSync(join(dataDir, generationFile))).toBe(false);

    await until(
      () => (existsSync(join(dataDir, 'read-models.sqlite3')) ? undefined : true),
      10_000,
      'the service switches and drops its old generation',
    );
    expect(await answers()).toEqual(before);
    expect((await stop(running)).code).toBe(0);
    service = undefined;
    expect(dumpReadModelFile(join(dataDir, `read-models-${generation}.sqlite3`))).toBe(reference);
    console.log(`rebuild crash test: rebuild killed at checkpoint ${reachedBeforeKill} of ${backlog.head}`);
  });
});
