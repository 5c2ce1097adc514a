import { Worker } from 'node:worker_threads';
import { startWorkerThread } from '../../worker-thread';

export interface BatchWriterData {
  readonly file: string;
  readonly busyTimeoutMs: number;
}

/** One table's rows of a batch, as parallel columns: cheap to copy to the thread. */
export type TableRows = readonly [table: string, ids: string[], positions: number[], bodies: string[]];

export interface BatchRequest {
  readonly id: number;
  readonly tables: readonly TableRows[];
  readonly checkpoint?: { readonly name: string; readonly position: number };
}

export type BatchReply = { readonly id: number; readonly error?: string };

/**
 * A worker thread that owns a second connection to a bulk-loaded generation and commits whole
 * batches there, so that a rebuild's main thread reads and folds the next page of the log while
 * SQLite writes the previous one (two cores instead of one, and the loop never waits for the
 * b-tree work). Batches commit in the order they were sent; each one resolves once committed.
 */
export class SqliteBatchWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private broken: Error | undefined;
  private closed: Promise<void> | undefined;

  constructor(data: BatchWriterData) {
    this.worker = startWorkerThread(__dirname, 'sqlite-batch-writer.worker', data, 'The read-model writer thread');
    this.worker.on('message', (reply: BatchReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.error !== undefined) waiter?.reject(new Error(`read-model batch not written: ${reply.error}`));
      else waiter?.resolve();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the read-model writer thread stopped (exit code ${code})`)));
  }

  write(tables: readonly TableRows[], checkpoint?: BatchRequest['checkpoint']): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.closed) return Promise.reject(new Error('the read-model writer is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, tables, checkpoint } satisfies BatchRequest);
    });
  }

  /** Lets the batches already sent commit (or fail), then ends the thread and its connection. */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      if (this.broken) return resolve();
      this.worker.once('exit', () => resolve());
      this.worker.postMessage('close');
    });
    return this.closed;
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(this.broken);
    this.waiting.clear();
  }
}

