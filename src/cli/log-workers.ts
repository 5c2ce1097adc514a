import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AuditExportSelection, ExportedPage } from '../modules/audit/application/audit-export';
import { HashedEvent } from '../modules/audit/application/verification/log-check';

/**
 * Worker threads that read the SQLite log a page of positions at a time and do the per-event work
 * of the audit tools there: hashing every event (`audit:verify`) or turning it into an export line
 * (`audit:export`). Each event's result depends on that event alone (and, for the export, on its
 * tenant's MSP, which a worker looks up), so pages are shared out round robin and handed back in
 * position order; what must run in order (the log digest, the stream chains, the checkpoints,
 * writing the file) stays with the main thread. SQLite numbers events 1, 2, 3, … so a page is a
 * range of positions, known without reading; a missing event just leaves its page short.
 * KurrentDB's positions are not dense: its log is always processed in the main thread.
 *
 * Memory stays flat: at most AHEAD_PER_THREAD pages per thread are asked for ahead.
 */

/** What the threads do with each page, fixed when they start (log-worker.ts). */
export type LogJob = { readonly kind: 'hash' } | { readonly kind: 'export'; readonly selection: AuditExportSelection };

export interface LogWorkerData {
  readonly file: string;
  readonly job: LogJob;
}

/** Asks a thread for the events at positions after+1..upTo. */
export interface PageRequest {
  readonly id: number;
  readonly after: number;
  readonly upTo: number;
}

export type PageReply =
  | { readonly id: number; readonly hashed: HashedColumns }
  | { readonly id: number; readonly exported: ExportedPage }
  | { readonly id: number; readonly error: string };

/** Pages asked of each thread ahead of the one being used: enough to keep every thread busy. */
const AHEAD_PER_THREAD = 2;

/**
 * AUDIT_THREADS: how many worker threads read the SQLite log for `audit:export` and `audit:verify`;
 * 0 does everything in the main thread. Default: one per CPU, at most 4 (the work that runs in
 * order sets the pace beyond that).
 */
export function auditThreadsOf(env: NodeJS.ProcessEnv, problem: (message: string) => Error): number {
  const text = env.AUDIT_THREADS?.trim();
  if (text === undefined || text === '') return Math.min(4, availableParallelism());
  if (!/^\d{1,2}$/.test(text) || Number(text) > 64) {
    throw problem(`AUDIT_THREADS must be a whole number from 0 to 64 (0: work in the main thread), got "${text}"`);
  }
  return Number(text);
}

interface PagesOptions {
  readonly file: string;
  readonly upTo: number | undefined;
  readonly threads: number;
  readonly pageSize?: number;
}

/** The SQLite log's events up to `upTo`, hashed in worker threads, a page at a time in position order. */
export async function* hashedInWorkers(options: PagesOptions): AsyncGenerator<HashedEvent[]> {
  for await (const reply of pagesInWorkers(options, { kind: 'hash' })) {
    if ('hashed' in reply) yield eventsOf(reply.hashed);
  }
}

/** The export lines of the SQLite log's events up to `upTo`, built in worker threads, a page at a time in position order. */
export async function* exportedInWorkers(options: PagesOptions & { readonly selection: AuditExportSelection }): AsyncGenerator<ExportedPage> {
  for await (const reply of pagesInWorkers(options, { kind: 'export', selection: options.selection })) {
    if ('exported' in reply) yield reply.exported;
  }
}

async function* pagesInWorkers(options: PagesOptions, job: LogJob): AsyncGenerator<PageReply> {
  const { upTo } = options;
  if (upTo === undefined) return;
  const pageSize = options.pageSize ?? 1000;
  const threads = Array.from({ length: Math.max(1, options.threads) }, () => new LogThread({ file: options.file, job }));
  try {
    let asked = 0;
    let nextThread = 0;
    const ask = (): Promise<PageReply> => {
      const after = asked;
      asked = Math.min(asked + pageSize, upTo);
      const thread = threads[nextThread];
      nextThread = (nextThread + 1) % threads.length;
      const page = thread.ask(after, asked);
      // Pages asked ahead are dropped unread when the walk stops early: not an unhandled rejection.
      page.catch(() => undefined);
      return page;
    };
    const pending: Promise<PageReply>[] = [];
    while (asked < upTo && pending.length < threads.length * AHEAD_PER_THREAD) pending.push(ask());
    for (let page = pending.shift(); page !== undefined; page = pending.shift()) {
      const reply = await page;
      if (asked < upTo) pending.push(ask());
      yield reply;
    }
  } finally {
    await Promise.all(threads.map((thread) => thread.stop()));
  }
}

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

/** One worker thread and the pages it was asked for. */
class LogThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (reply: PageReply) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(workerData: LogWorkerData) {
    this.worker = new Worker(join(__dirname, 'log-worker.js'), { workerData });
    this.worker.on('message', (reply: PageReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`a worker thread stopped (exit code ${code})`)));
  }

  ask(after: number, upTo: number): Promise<PageReply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, after, upTo } satisfies PageRequest);
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
