import Database from 'better-sqlite3';
import {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamSnapshot,
  SubscribeOptions,
  Subscription,
} from '../../../shared/application/event-store.port';
import { assertAppendableBatch } from '../append-batch';
import { PollingSettings, PollingSubscription } from './polling-subscription';
import { EVENT_COLUMNS, EventRow, openEventsDatabase, toRecordedEvent } from './sqlite-events-table';
import { InThreadWriter, SqliteWriter, ThreadWriter, WriterStats } from './sqlite-writer';

export interface SqliteEventStoreOptions extends Partial<PollingSettings> {
  /** How long a writer waits for another process's write lock before failing. */
  readonly busyTimeoutMs?: number;
  /**
   * Where the writes run: in a worker thread that owns the write connection (default for a file),
   * or on the caller's thread over the reading connection (always for ':memory:'). Both commit
   * in groups; only the thread keeps the syncs off the event loop.
   */
  readonly writer?: 'thread' | 'in-thread';
}

/**
 * Embedded event store: one SQLite file in WAL mode, shareable by several processes.
 *
 * Writes (appends, snapshots) are committed in groups, one transaction and one sync per group,
 * by a writer (sqlite-writer.ts); reads are short indexed queries on this thread's own connection,
 * which WAL never makes wait for the writer.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly writer: SqliteWriter;
  private readonly settings: PollingSettings;
  private readonly subscriptions = new Set<PollingSubscription>();
  private closed = false;
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(filePath: string, options: SqliteEventStoreOptions = {}) {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.db = openEventsDatabase(filePath, busyTimeoutMs);
    this.settings = { pollIntervalMs: options.pollIntervalMs ?? 100, pageSize: options.pageSize ?? 500 };
    this.statements = prepareStatements(this.db);
    const wake = (): void => {
      for (const subscription of this.subscriptions) subscription.wake();
    };
    this.writer =
      isInMemory(filePath) || options.writer === 'in-thread'
        ? new InThreadWriter(this.db, wake)
        : new ThreadWriter({ file: filePath, busyTimeoutMs }, wake);
  }

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen('append to');
    assertAppendableBatch(streamName, events);
    const result = await this.writer.write({ kind: 'append', streamName, events, expectedRevision: options.expectedRevision });
    return result as AppendResult;
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen('read');
    const rows = this.statements.readStream.all(streamName, options.fromRevision ?? 0, options.maxCount ?? -1);
    return (rows as EventRow[]).map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen('read');
    return this.readAllNow(options.after, options.maxCount ?? -1);
  }

  async headPosition(): Promise<number | undefined> {
    this.assertOpen('read');
    const row = this.statements.headPosition.get() as { position: number | null };
    return row.position ?? undefined;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen('subscribe to');
    const subscription = new PollingSubscription(
      (after, maxCount) => this.readAllNow(after, maxCount),
      options,
      this.settings,
      (ended) => this.subscriptions.delete(ended),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async readSnapshot(streamName: string): Promise<StreamSnapshot | undefined> {
    this.assertOpen('read');
    const row = this.statements.readSnapshot.get(streamName) as
      | { revision: number; version: string; state: string }
      | undefined;
    return row && { streamName, revision: row.revision, version: row.version, state: JSON.parse(row.state) as unknown };
  }

  async saveSnapshot(snapshot: StreamSnapshot): Promise<void> {
    this.assertOpen('write to');
    await this.writer.write({ kind: 'snapshot', snapshot });
  }

  /** Committed groups and the writes they held, since the store was opened. */
  writerStats(): WriterStats {
    return this.writer.stats();
  }

  /** Lets the writes in flight finish (an acknowledged write is committed), then closes both connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.writer.close();
    this.db.close();
  }

  private readAllNow(after: number | undefined, maxCount: number): RecordedEvent[] {
    return (this.statements.readAll.all(after ?? 0, maxCount) as EventRow[]).map(toRecordedEvent);
  }

  private assertOpen(action: string): void {
    if (this.closed) throw new Error(`SqliteEventStore is closed: cannot ${action} it`);
  }
}

function prepareStatements(db: Database.Database) {
  return {
    readStream: db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    readAll: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
    headPosition: db.prepare('SELECT MAX(position) AS position FROM events'),
    readSnapshot: db.prepare('SELECT revision, version, state FROM snapshots WHERE stream_name = ?'),
  };
}

/** An in-memory database exists only for its own connection: no other thread can open it. */
function isInMemory(filePath: string): boolean {
  return filePath === '' || filePath === ':memory:' || filePath.startsWith('file::memory:');
}
