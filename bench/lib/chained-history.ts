/**
 * B8/B9's event store: a history of the same shape as history.ts (MSPs of 10 tenants with enabled
 * links, signups of four events spread over the tenants, and now and then a change of a link's
 * default role), but appended event by event through SqliteEventStore, so that every event is
 * chained exactly as the service chains it (chainEvents under the store's write lock), with the
 * service's CheckpointWriter following the log and appending an AuditCheckpointRecorded every
 * 1000 events, as AuditCheckpointer does with its defaults. audit:verify then walks real chains
 * and real checkpoints.
 *
 * A million appends take minutes, so a built store is kept under the OS temp dir, keyed by the
 * event count, the chain version and a digest of the sources that decide what the store holds
 * (STORE_SOURCES: the builders, the event store, the chain, the checkpoints, the events), and
 * reused by later runs whatever the commit; stores of other sources are removed when a new one is
 * built. Generation is never measured.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { CheckpointWriter } from '../../src/modules/audit/application/checkpoints/audit-checkpointer';
import { InviteLinkDefaultRoleChanged } from '../../src/modules/invite-links/domain/invite-link.events';
import { MspCreated, mspStream } from '../../src/modules/tenancy/domain/msp.decider';
import { tenantStream } from '../../src/modules/tenancy/domain/tenant.events';
import { currentSchemaVersion } from '../../src/shared/application/event-schema-versions';
import { EventSourcedRepository } from '../../src/shared/application/event-sourced-repository';
import { CHAIN_VERSION } from '../../src/shared/domain/audit-chain';
import { Actor, DomainEvent } from '../../src/shared/domain/event';
import { createTenant, HistorySink, operator, realisticPasswordHash, signup } from './history';

/** The service's default AUDIT_CHECKPOINT_EVERY. */
export const CHECKPOINT_EVERY = 1000;
/** One link change per this many signups (history.ts has none after a tenant's creation). */
const SIGNUPS_PER_LINK_CHANGE = 50;
const CACHE_ROOT = join(tmpdir(), 'invite-links-bench-audit');
const REPO_ROOT = join(__dirname, '..', '..');
/** What decides the content of a built store: a change to any of these builds a new one. */
const STORE_SOURCES = [
  'bench/lib/chained-history.ts',
  'bench/lib/history.ts',
  'src/infrastructure/event-store',
  'src/shared',
  'src/modules/audit',
  'src/modules/tenancy/domain',
  'src/modules/invite-links/domain',
  'src/modules/accounts/domain',
];

/** sha256 over the path and text of every non-spec TypeScript file of STORE_SOURCES, in path order. */
export function storeSourceDigest(): string {
  const files: string[] = [];
  const walk = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path)) walk(join(path, entry));
    } else if (path.endsWith('.ts') && !path.endsWith('.spec.ts')) {
      files.push(path);
    }
  };
  for (const source of STORE_SOURCES) walk(join(REPO_ROOT, source));
  const digest = createHash('sha256');
  for (const file of files.sort()) digest.update(`${relative(REPO_ROOT, file)}\0${readFileSync(file, 'utf8')}\0`);
  return digest.digest('hex');
}
const MANIFEST = 'store.json';

export interface ChainedStore {
  /** DATA_DIR of the CLIs: holds events.sqlite3. */
  readonly dir: string;
  readonly file: string;
  /** Every event in the store, checkpoints included. */
  readonly events: number;
  readonly checkpoints: number;
  /** True when a store built by an earlier run was reused. */
  readonly cached: boolean;
}

interface Queued {
  readonly stream: string;
  readonly event: DomainEvent;
  readonly actor: Actor;
}

/** Collects what the builders of history.ts produce; the caller appends it through the store. */
class QueueSink implements HistorySink {
  queued: Queued[] = [];
  append(stream: string, event: DomainEvent, actor: Actor): void {
    this.queued.push({ stream, event, actor });
  }
}

/**
 * The store's own connection, fsyncing nothing: the appends, chaining and checks stay the
 * adapter's, only durability (irrelevant for a generated file) is given up to save minutes.
 */
function withoutFsync(store: SqliteEventStore): void {
  (store as unknown as { db: Database.Database }).db.pragma('synchronous = OFF');
}

async function build(file: string, target: number, progress: (written: number, total: number) => void): Promise<{ events: number; checkpoints: number }> {
  // Writes on this thread, over the connection withoutFsync turns off (a writer thread has its own).
  const store = new SqliteEventStore(file, { writer: 'in-thread' });
  withoutFsync(store);
  let clock = Date.parse('2024-01-01T00:00:00Z');
  const repository = new EventSourcedRepository(store, { now: () => new Date(clock) });
  // An interval no run reaches: checkpoints come every CHECKPOINT_EVERY events, and a last one at the end.
  const checkpointer = new CheckpointWriter(store, repository, { every: CHECKPOINT_EVERY, intervalMs: 3_600_000 });
  const sink = new QueueSink();
  let appended = 0;
  let sinceCheckpointStep = 0;

  const drain = async (): Promise<void> => {
    const queued = sink.queued;
    sink.queued = [];
    for (const { stream, event, actor } of queued) {
      // A few milliseconds between events, so that the instants look like real traffic.
      clock += 3;
      const metadata = { actor, at: new Date(clock).toISOString(), correlationId: randomUUID(), schemaVersion: currentSchemaVersion(event.type) };
      await store.appendToStream(stream, [{ id: randomUUID(), type: event.type, data: event.data as Record<string, unknown>, metadata }], { expectedRevision: 'any' });
    }
    appended += queued.length;
    sinceCheckpointStep += queued.length;
    // As the service's checkpointer, which polls the log: it catches up and checkpoints every CHECKPOINT_EVERY events.
    if (sinceCheckpointStep >= CHECKPOINT_EVERY) {
      sinceCheckpointStep = 0;
      while (!(await checkpointer.step()));
    }
  };

  try {
    const tenants = Math.max(10, Math.round(target / 1000));
    const passwordHash = await realisticPasswordHash();
    const tenantIds: string[] = [];
    let mspId = '';
    for (let i = 0; i < tenants; i++) {
      if (i % 10 === 0) {
        mspId = randomUUID();
        sink.append(mspStream(mspId), { type: 'MspCreated', data: { mspId, name: `MSP ${i / 10}` } } satisfies MspCreated, operator);
      }
      tenantIds.push(createTenant(sink, mspId, i));
      await drain();
    }
    const tag = randomBytes(4).toString('hex');
    // Checkpoints count towards the target: about one event in a thousand.
    const total = () => appended + Math.floor(appended / CHECKPOINT_EVERY);
    for (let n = 0; total() + 4 <= target; n++) {
      const tenantId = tenantIds[n % tenantIds.length];
      signup(sink, tenantId, n, passwordHash, tag);
      if (n % SIGNUPS_PER_LINK_CHANGE === SIGNUPS_PER_LINK_CHANGE - 1) {
        const toTechnician = Math.floor(n / SIGNUPS_PER_LINK_CHANGE / tenantIds.length) % 2 === 0;
        sink.append(
          tenantStream(tenantIds[(n * 7) % tenantIds.length]),
          {
            type: 'InviteLinkDefaultRoleChanged',
            data: toTechnician ? { from: 'member', to: 'technician' } : { from: 'technician', to: 'member' },
          } satisfies InviteLinkDefaultRoleChanged,
          operator,
        );
      }
      await drain();
      if (n % 2500 === 0) progress(total(), target);
    }
    // As at the service's graceful shutdown: a last checkpoint covers whatever is left.
    while (!(await checkpointer.step(true)));
    const head = (await store.headPosition()) ?? 0;
    progress(head, target);
    return { events: head, checkpoints: head - appended };
  } finally {
    await store.close();
  }
}

/** The chained store of about `events` events for these sources, built (minutes for a million) or reused. */
export async function chainedHistory(options: {
  readonly events: number;
  /** storeSourceDigest(), taken once per run so that every store of the run has the same key. */
  readonly sources: string;
  /** Recorded in the manifest only. */
  readonly commit: string;
  readonly progress: (written: number, total: number) => void;
  readonly note: (message: string) => void;
}): Promise<ChainedStore> {
  const key = `${options.sources.slice(0, 12)}-chain${CHAIN_VERSION}`;
  const dir = join(CACHE_ROOT, `${key}-${options.events}`);
  const file = join(dir, 'events.sqlite3');
  const manifest = join(dir, MANIFEST);
  if (existsSync(manifest)) {
    const { events, checkpoints } = JSON.parse(readFileSync(manifest, 'utf8')) as { events: number; checkpoints: number };
    options.note(`reusing the chained store of ${events.toLocaleString('en-US')} events in ${dir}`);
    return { dir, file, events, checkpoints, cached: true };
  }
  mkdirSync(CACHE_ROOT, { recursive: true });
  // Stores of other sources (complete ones: a run in progress may be building another).
  for (const entry of readdirSync(CACHE_ROOT)) {
    if (!entry.startsWith(key) && existsSync(join(CACHE_ROOT, entry, MANIFEST))) {
      rmSync(join(CACHE_ROOT, entry), { recursive: true, force: true });
    }
  }
  // Built aside and renamed into place when complete, so an interrupted build is never reused.
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  options.note(`building a chained store of ${options.events.toLocaleString('en-US')} events in ${building} (cached for the next runs)`);
  try {
    const built = await build(join(building, 'events.sqlite3'), options.events, options.progress);
    writeFileSync(join(building, MANIFEST), `${JSON.stringify({ ...built, sources: options.sources, commit: options.commit, builtAt: new Date().toISOString() })}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
    return { dir, file, ...built, cached: false };
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
}
