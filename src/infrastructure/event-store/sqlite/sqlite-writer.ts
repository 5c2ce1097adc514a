import Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { AppendResult } from '../../../shared/application/event-store.port';
import { startWorkerThread } from '../../worker-thread';
import { MAX_GROUP_SIZE, SqliteWriteGroups, WriteRequest } from './sqlite-write-group';
import { encodeRequest, FromWriter, fromFailure, ToWriter, WriterData } from './sqlite-writer-protocol';

/** How many transactions the writer committed, and how many writes they held (for tests and measurements). */
export interface WriterStats {
  readonly transactions: number;
  readonly writes: number;
}

/** Where the event store's writes go: each one resolves once the COMMIT that holds it has returned. */
export interface SqliteWriter {
  write(request: WriteRequest): Promise<AppendResult | undefined>;
  stats(): WriterStats;
  /** Waits for the writes in flight, then releases the writer. */
  close(): Promise<void>;
}

interface Waiting {
  readonly resolve: (result: AppendResult | undefined) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit on the caller's thread, over the connection the reads use: for ':memory:'
 * databases, which another thread cannot open. Writes made in the same turn of the event loop
 * (before the next microtask) form one group.
 */
export class InThreadWriter implements SqliteWriter {
  private readonly groups: SqliteWriteGroups;
  private queue: (Waiting & { readonly request: WriteRequest })[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private transactions = 0;
  private writes = 0;

  constructor(
    db: Database.Database,
    private readonly onCommitted: () => void,
  ) {
    this.groups = new SqliteWriteGroups(db);
  }

  write(request: WriteRequest): Promise<AppendResult | undefined> {
    const written = new Promise<AppendResult | undefined>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (this.queue.length === 1) queueMicrotask(() => this.flush());
    });
    return track(this.inFlight, written);
  }

  stats(): WriterStats {
    return { transactions: this.transactions, writes: this.writes };
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private flush(): void {
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, MAX_GROUP_SIZE);
      const outcomes = this.groups.commit(group.map((waiting) => waiting.request));
      this.transactions += 1;
      this.writes += group.length;
      if (outcomes.some((outcome) => outcome.ok)) this.onCommitted();
      outcomes.forEach((outcome, index) =>
        outcome.ok ? group[index].resolve(outcome.result) : group[index].reject(outcome.error),
      );
    }
  }
}

/**
 * Group commit in a worker thread that owns the write connection (sqlite-writer.worker.ts): the
 * syncs, the inserts and the hashing of the chain leave the event loop. The thread starts with the
 * first write, so a store that is only read (the audit tools' threads, a read benchmark) never
 * starts one; it keeps the process alive only while writes are in flight, as a connection would.
 *
 * Reads stay on the main thread's own connection: a write resolves only after its COMMIT, and a
 * WAL reader starting after that COMMIT sees it, so read-your-writes holds across the two.
 */
export class ThreadWriter implements SqliteWriter {
  private worker: Worker | undefined;
  private exited: Promise<void> | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private nextId = 1;
  private stopping = false;
  private broken: Error | undefined;
  private transactions = 0;
  private writes = 0;
  private readonly ready: Promise<{ synchronous: number; busyTimeoutMs: number }>;
  private onReady!: (settings: { synchronous: number; busyTimeoutMs: number }) => void;

  constructor(
    private readonly data: WriterData,
    private readonly onCommitted: () => void,
  ) {
    this.ready = new Promise((resolve) => (this.onReady = resolve));
  }

  write(request: WriteRequest): Promise<AppendResult | undefined> {
    if (this.broken) return Promise.reject(this.broken);
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    const written = new Promise<AppendResult | undefined>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.waiting.size === 1) worker.ref();
      worker.postMessage({ id, json: encodeRequest(request) } satisfies ToWriter);
    });
    return track(this.inFlight, written);
  }

  stats(): WriterStats {
    return { transactions: this.transactions, writes: this.writes };
  }

  /** The write connection's settings as the thread reports them once it has opened it (starts the thread). */
  settings(): Promise<{ synchronous: number; busyTimeoutMs: number }> {
    if (this.broken) return Promise.reject(this.broken);
    if (!this.worker) this.start();
    return this.ready;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    this.stopping = true;
    const worker = this.worker;
    if (!worker || this.broken) {
      await this.exited;
      return;
    }
    worker.ref();
    worker.postMessage({ close: true } satisfies ToWriter);
    await this.exited;
  }

  private start(): Worker {
    const worker = startWorkerThread(__dirname, 'sqlite-writer.worker', this.data, "The SQLite event store's writer thread");
    this.worker = worker;
    worker.unref();
    worker.on('message', (message: FromWriter) => this.receive(message));
    // An 'error' is followed by 'exit': both end up failing what waits, the first one's reason wins.
    worker.on('error', (error) => this.fail(`failed: ${error.message}`));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        if (!this.stopping) this.fail(`stopped unexpectedly (exit code ${code})`);
        resolve();
      }),
    );
    return worker;
  }

  private receive(message: FromWriter): void {
    if ('ready' in message) {
      this.onReady(message.ready);
      return;
    }
    this.transactions += 1;
    this.writes += message.group.length;
    if (message.group.some((answer) => 'result' in answer)) this.onCommitted();
    for (const answer of message.group) {
      const waiting = this.waiting.get(answer.id);
      if (!waiting) continue;
      this.waiting.delete(answer.id);
      if ('failure' in answer) waiting.reject(fromFailure(answer.failure));
      else waiting.resolve(answer.result);
    }
    if (this.waiting.size === 0) this.worker?.unref();
  }

  /** Nothing waits forever: what is in flight fails now, and every later write fails at once. */
  private fail(what: string): void {
    this.broken ??= new Error(
      `The SQLite event store's writer thread ${what}: appends are refused until the store is opened again`,
    );
    for (const waiting of this.waiting.values()) waiting.reject(this.broken);
    this.waiting.clear();
  }
}

/** Remembers a write until it settles, so close() can wait for it. */
function track<T>(inFlight: Set<Promise<unknown>>, written: Promise<T>): Promise<T> {
  const settled: Promise<unknown> = written.then(
    () => inFlight.delete(settled),
    () => inFlight.delete(settled),
  );
  inFlight.add(settled);
  return written;
}
