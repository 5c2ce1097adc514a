import { Worker } from 'node:worker_threads';

/**
 * A thread with its own connection that copies a read-model file's WAL into the database every
 * `intervalMs` (PASSIVE: it never waits for, nor blocks, the writer or the readers).
 *
 * Why a thread: with synchronous=NORMAL a commit does not sync, but a checkpoint does (the WAL,
 * then the database file). Left to SQLite's automatic checkpoints, that sync runs inside the
 * commit that crosses the threshold, on the event loop, stalling every request for the time
 * of two fsyncs. Here the loop never syncs; the store keeps a far higher automatic threshold
 * only as a safety net, should this thread fall behind or die.
 *
 * The thread's code is a few lines of plain JavaScript given to the Worker as text, so it runs the
 * same from the built code and from the TypeScript sources (tests), without a compile step.
 */
export class SqliteCheckpointer {
  private readonly worker: Worker;
  private closed: Promise<void> | undefined;
  private exited = false;

  constructor(file: string, intervalMs: number) {
    this.worker = new Worker(CHECKPOINTER, {
      eval: true,
      workerData: { file, intervalMs, driver: require.resolve('better-sqlite3') },
    });
    // Never what keeps a process alive; close() ends it properly.
    this.worker.unref();
    // A checkpoint that fails is retried at the next tick; a thread that dies leaves the safety net.
    this.worker.on('error', () => undefined);
    this.worker.once('exit', () => (this.exited = true));
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      // Referenced again while it closes: a process with nothing else left to do would otherwise
      // exit here, in the middle of its shutdown, without waiting for this promise.
      this.worker.ref();
      this.worker.once('exit', () => resolve());
      this.worker.postMessage('close');
    });
    return this.closed;
  }
}

const CHECKPOINTER = `
  const { parentPort, workerData } = require('node:worker_threads');
  const Database = require(workerData.driver);
  const db = new Database(workerData.file);
  db.pragma('synchronous = NORMAL');
  const timer = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or briefly unavailable: the next tick tries again.
    }
  }, workerData.intervalMs);
  parentPort.on('message', () => {
    clearInterval(timer);
    db.close();
    parentPort.close();
  });
`;
