import Database from 'better-sqlite3';
import { preparePrivateSqliteFile } from '../config/private-files';

export interface SqliteOpenOptions {
  /**
   * How long a statement waits for another connection's lock (SQLite's busy_timeout), and also
   * the bound on retrying the steps of the open that SQLite does not wait for (see openSqliteInWal).
   */
  readonly busyTimeoutMs: number;
  readonly synchronous: 'FULL' | 'NORMAL' | 'OFF';
}

/**
 * Opens a SQLite file shared by several processes, in WAL mode, created 0600 (see
 * preparePrivateSqliteFile), with its busy timeout set before anything that may need a lock.
 *
 * Why the WAL switch is retried: switching a rollback-journal database to WAL first reads the
 * header under a SHARED lock, then upgrades to EXCLUSIVE to write it. SQLite does not call the
 * busy handler for an upgrade attempted while holding SHARED (waiting could deadlock two
 * connections that both hold SHARED and both want EXCLUSIVE), so when two processes open a NEW
 * file at the same instant, one of them gets SQLITE_BUSY at once, busy_timeout notwithstanding.
 * Failing there leaves nothing half-done (the pragma either switched the file or did nothing),
 * so the open retries with a short backoff until `busyTimeoutMs` has passed. The switch is only
 * attempted when the file is not in WAL already (the mode is persistent): the usual start on an
 * existing database then takes no write lock at all, and never waits behind other writers.
 */
export function openSqliteInWal(file: string, options: SqliteOpenOptions): Database.Database {
  preparePrivateSqliteFile(file);
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
    retryWhileBusy(() => {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
    }, options.busyTimeoutMs);
    db.pragma(`synchronous = ${options.synchronous}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** True for SQLITE_BUSY and its extended codes (BUSY_RECOVERY, BUSY_SNAPSHOT, BUSY_TIMEOUT). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread: only used while opening, where better-sqlite3 blocks on locks the same way. */
function sleepSync(ms: number): void {
  Atomics.wait(pause, 0, 0, ms);
}

/**
 * Runs `step` (which must be safe to repeat) again while it fails with SQLITE_BUSY, with an
 * exponential, jittered backoff from 2 to 100 ms, for at most `timeoutMs`; then the last error.
 */
export function retryWhileBusy<T>(step: () => T, timeoutMs: number, sleep: (ms: number) => void = sleepSync): T {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
    try {
      return step();
    } catch (error) {
      const left = deadline - Date.now();
      if (!isBusy(error) || left <= 0) throw error;
      sleep(Math.min(left, delay / 2 + Math.random() * delay));
    }
  }
}
