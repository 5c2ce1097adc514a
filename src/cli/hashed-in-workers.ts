import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { HashedEvent } from '../modules/audit/application/verification/log-check';

/** Asks a hasher thread for the events at positions after+1..upTo. */
export interface HasherRequest {
  readonly id: number;
  readonly after: number;
  readonly upTo: number;
}

export type HasherReply = { readonly id: number; readonly page: HashedColumns } | { readonly id: number; readonly error: string };

/**
 * A page of hashed events as columns: copying arrays of strings and numbers between threads costs
 * a fraction of copying as many small objects, each with its own property names.
 */
export interface HashedColumns {
  readonly positions: number[];
  readonly streamNames: string[];
  readonly revisions: number[];
  readonly types: string[];
  readonly hashes: string[];
  /** Per event: its stored hash, or null when it has no stored integrity. */
  readonly storedHashes: (string | null)[];
  readonly storedPrevs: (string | null)[];
  /** The payloads the events carry (checkpoints only), by index in the page. */
  readonly data: Record<number, Record<string, unknown>>;
}

export function columnsOf(events: readonly HashedEvent[]): HashedColumns {
  const page: HashedColumns = { positions: [], streamNames: [], revisions: [], types: [], hashes: [], storedHashes: [], storedPrevs: [], data: {} };
  events.forEach((event, index) => {
    page.positions.push(event.position);
    page.streamNames.push(event.streamName);
    page.revisions.push(event.revision);
    page.types.push(event.type);
    page.hashes.push(event.hash);
    page.storedHashes.push(event.stored?.hash ?? null);
    page.storedPrevs.push(event.stored?.prev ?? null);
    if (event.data) page.data[index] = event.data;
  });
  return page;
}

export function eventsOf(page: HashedColumns): HashedEvent[] {
  return page.positions.map((position, index) => {
    const storedHash = page.storedHashes[index];
    const data = page.data[index];
    return {
      position,
      streamName: page.streamNames[index],
      revision: page.revisions[index],
      type: page.types[index],
      ...(data ? { data } : {}),
      hash: page.hashes[index],
      stored: storedHash === null ? undefined : { prev: page.storedPrevs[index], hash: storedHash },
    };
  });
}

/** Pages asked of each thread ahead of the one being checked: enough to keep every thread busy. */
const AHEAD_PER_THREAD = 2;

/**
 * AUDIT_VERIFY_THREADS: how many threads hash the SQLite log for `audit:verify`; 0 hashes it in
 * the main thread. Default: one per CPU, at most 4 (the main thread's checks and the digest, which
 * run in order, set the pace beyond that).
 */
export function hasherThreadsOf(env: NodeJS.ProcessEnv, problem: (message: string) => Error): number {
  const text = env.AUDIT_VERIFY_THREADS?.trim();
  if (text === undefined || text === '') return Math.min(4, availableParallelism());
  if (!/^\d{1,2}$/.test(text) || Number(text) > 64) {
    throw problem(`AUDIT_VERIFY_THREADS must be a whole number from 0 to 64 (0: hash in the main thread), got "${text}"`);
  }
  return Number(text);
}

/**
 * The SQLite log's events up to `upTo`, hashed by worker threads (audit-verify-hasher.ts), handed
 * out in position order a page at a time. Hashing (canonical JSON and SHA-256 of every event) is
 * most of verification's work and each event's hash depends on that event alone, so pages of
 * positions are shared out round robin; what must run in order (the log digest, the stream
 * chains, the checkpoints) stays with the caller. SQLite numbers events 1, 2, 3, … so pages are
 * ranges of positions, known without reading; a missing event just leaves its page short.
 *
 * Memory stays flat: at most AHEAD_PER_THREAD pages per thread are asked for ahead.
 */
export async function* hashedInWorkers(options: {
  readonly file: string;
  readonly upTo: number | undefined;
  readonly threads: number;
  readonly pageSize?: number;
}): AsyncGenerator<HashedEvent[]> {
  const { upTo } = options;
  if (upTo === undefined) return;
  const pageSize = options.pageSize ?? 1000;
  const threads = Array.from({ length: Math.max(1, options.threads) }, () => new HasherThread(options.file));
  try {
    let asked = 0;
    let nextThread = 0;
    const ask = (): Promise<HashedEvent[]> => {
      const after = asked;
      asked = Math.min(asked + pageSize, upTo);
      const thread = threads[nextThread];
      nextThread = (nextThread + 1) % threads.length;
      const page = thread.hash(after, asked);
      // Pages asked ahead are dropped unread when a check stops the walk early: not an unhandled rejection.
      page.catch(() => undefined);
      return page;
    };
    const pending: Promise<HashedEvent[]>[] = [];
    while (asked < upTo && pending.length < threads.length * AHEAD_PER_THREAD) pending.push(ask());
    for (let page = pending.shift(); page !== undefined; page = pending.shift()) {
      const events = await page;
      if (asked < upTo) pending.push(ask());
      yield events;
    }
  } finally {
    await Promise.all(threads.map((thread) => thread.stop()));
  }
}

/** One worker thread and the pages it was asked for. */
class HasherThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (events: HashedEvent[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(file: string) {
    this.worker = new Worker(join(__dirname, 'audit-verify-hasher.js'), { workerData: { file } });
    this.worker.on('message', (reply: HasherReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(eventsOf(reply.page));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`a hashing thread stopped (exit code ${code})`)));
  }

  hash(after: number, upTo: number): Promise<HashedEvent[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, after, upTo } satisfies HasherRequest);
    });
  }

  async stop(): Promise<void> {
    this.failure ??= new Error('stopped');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
