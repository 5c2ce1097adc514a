import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/app-config';
import { ServiceRun } from '../shared/domain/service-run';
import { ensurePrivateDirectory, preparePrivateSqliteFile } from '../config/private-files';
import { isBusy } from './sqlite-open';

/** How many numbered variants of a default instance id (`<id>#2` ...) are tried before giving up. */
export const DEFAULT_ID_SLOTS = 8;

export interface ClaimedInstance {
  /** This run, when its identity is held exclusively; undefined otherwise (see `warnings`). */
  readonly run?: ServiceRun;
  readonly warnings: readonly string[];
  /** Lets another process take the identity; call once this run will open no more registrations. */
  release(): void;
}

export const instanceLockFile = (dataDir: string, instanceId: string): string =>
  join(dataDir, `instance-${encodeURIComponent(instanceId)}.lock`);

/**
 * Claims this process's instance identity for its whole life, so that no two live processes
 * ever hold the same one: the next run of an instance may then decide at once the registrations
 * its earlier runs left open (they cannot still be in progress).
 *
 * The lock is a small SQLite file in DATA_DIR opened in EXCLUSIVE locking mode and written once:
 * SQLite then keeps an exclusive POSIX lock on it until the connection closes, and the kernel
 * drops that lock when the process dies, kill -9 included. Unlike a pid file there is nothing
 * stale to detect and no pid reuse to be fooled by (a container restarts as pid 1 every time).
 * The lock covers the processes sharing one DATA_DIR; instances on other machines (KurrentDB)
 * differ by hostname, or must be given distinct INSTANCE_IDs.
 *
 * An explicit INSTANCE_ID that a live process holds stops the start with one line. A default id
 * (`<hostname>:<port>`; with PORT=0 every process on the host has the same one) falls back to
 * `<id>#2`, `<id>#3`, ...: any free one is fine, since a free identity is one whose earlier runs
 * have all ended. When none can be claimed (all taken, DATA_DIR not writable), the run goes
 * on without an identity: its registrations are recorded without one and wait for the grace period.
 */
export function claimInstanceIdentity(options: {
  readonly dataDir: string;
  readonly instance: { readonly id: string; readonly explicit: boolean };
  readonly runId?: string;
}): ClaimedInstance {
  const { dataDir, instance } = options;
  const runId = options.runId ?? randomUUID();
  const candidates = instance.explicit
    ? [instance.id]
    : Array.from({ length: DEFAULT_ID_SLOTS }, (_, i) => (i === 0 ? instance.id : `${instance.id}#${i + 1}`));
  for (const instanceId of candidates) {
    let lock: Database.Database | undefined;
    try {
      lock = lockExclusively(instanceLockFile(dataDir, instanceId), runId);
    } catch (error) {
      return { warnings: [`No instance identity (${describe(error)}): ${WITHOUT_IDENTITY}`], release: () => undefined };
    }
    if (lock) {
      const held = lock;
      return { run: { instanceId, runId }, warnings: [], release: () => held.close() };
    }
  }
  if (instance.explicit) {
    throw new ConfigError(
      'INSTANCE_ID',
      `"${instance.id}" is held by another running process using DATA_DIR ${dataDir}: give each instance its own INSTANCE_ID`,
    );
  }
  return {
    warnings: [`No instance identity: ${candidates[0]} and its ${DEFAULT_ID_SLOTS - 1} numbered variants are held by running processes; ${WITHOUT_IDENTITY}`],
    release: () => undefined,
  };
}

const WITHOUT_IDENTITY =
  'registrations this process opens are not recorded with an instance, so after a crash they wait for the recovery grace period';

/** The locked connection, or undefined when another connection (any process) holds the lock. */
function lockExclusively(file: string, runId: string): Database.Database | undefined {
  ensurePrivateDirectory(join(file, '..'));
  preparePrivateSqliteFile(file);
  // No busy wait: a lock that is held stays held for the holder's whole life.
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the EXCLUSIVE lock, which this locking mode never gives back.
    db.exec('CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER, host TEXT, run_id TEXT, since TEXT)');
    db.prepare('INSERT OR REPLACE INTO holder (id, pid, host, run_id, since) VALUES (1, ?, ?, ?, ?)').run(
      process.pid,
      hostname(),
      runId,
      new Date().toISOString(),
    );
    return db;
  } catch (error) {
    db.close();
    if (isBusy(error)) return undefined;
    throw error;
  }
}

function describe(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return [code, message].filter(Boolean).join(': ') || String(error);
}
