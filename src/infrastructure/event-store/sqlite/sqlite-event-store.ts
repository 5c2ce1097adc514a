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
  WrongExpectedRevisionError,
} from '../../../shared/application/event-store.port';
import { assertAppendableBatch } from '../append-batch';
import { chainEvents } from '../chain-events';
import { PollingSettings, PollingSubscription } from './polling-subscription';
import { EVENT_COLUMNS, EventRow, openEventsDatabase, toRecordedEvent } from './sqlite-events-table';

export interface SqliteEventStoreOptions extends Partial<PollingSettings> {
  /** How long a writer waits for another process's write lock before failing. */
  readonly busyTimeoutMs?: number;
}

/**
 * Embedded event store: one SQLite file in WAL mode, shareable by several processes.
 * better-sqlite3 is synchronous, so an append runs to completion inside the call that started it.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly settings: PollingSettings;
  private readonly subscriptions = new Set<PollingSubscription>();
  private closed = false;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly appendTransaction: Database.Transaction<
    (streamName: string, events: readonly EventToAppend[], expected: ExpectedRevision) => AppendResult
  >;

  constructor(filePath: string, options: SqliteEventStoreOptions = {}) {
    this.db = openEventsDatabase(filePath, options.busyTimeoutMs ?? 5000);
    this.settings = { pollIntervalMs: options.pollIntervalMs ?? 100, pageSize: options.pageSize ?? 500 };
    this.statements = prepareStatements(this.db);
    this.appendTransaction = this.db.transaction((streamName, events, expected) =>
      this.appendInTransaction(streamName, events, expected),
    );
  }

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen('append to');
    assertAppendableBatch(streamName, events);
    // IMMEDIATE takes the write lock before reading the stream's revision, so no other process can
    // slip an event in between the check and the insert.
    const result = this.appendTransaction.immediate(streamName, events, options.expectedRevision);
    for (const subscription of this.subscriptions) subscription.wake();
    return result;
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
    this.statements.saveSnapshot.run(snapshot.streamName, snapshot.revision, snapshot.version, JSON.stringify(snapshot.state));
  }

  /** Appends never yield (see the class comment), so none can still be in flight here. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.stop()));
    this.db.close();
  }

  private readAllNow(after: number | undefined, maxCount: number): RecordedEvent[] {
    return (this.statements.readAll.all(after ?? 0, maxCount) as EventRow[]).map(toRecordedEvent);
  }

  private appendInTransaction(
    streamName: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): AppendResult {
    const replayed = this.findReplayedBatch(streamName, events, expected);
    if (replayed) return replayed;

    const { revision } = this.statements.streamRevision.get(streamName) as { revision: number | null };
    assertExpectedRevision(streamName, expected, revision ?? undefined);

    const firstRevision = (revision ?? -1) + 1;
    // Read under the write lock taken by IMMEDIATE, whatever the expectation: the predecessor is
    // the stream's last event at the moment of the insert, also for 'any' and 'stream_exists'.
    const predecessor =
      revision === null ? undefined : toRecordedEvent(this.statements.eventAt.get(streamName, revision) as EventRow);
    const chained = chainEvents(streamName, firstRevision, predecessor, events);
    const recordedAt = new Date().toISOString();
    let position = 0;
    chained.forEach((event, index) => {
      const info = this.statements.insert.run(
        event.id,
        streamName,
        firstRevision + index,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
      );
      position = Number(info.lastInsertRowid);
    });
    return { nextExpectedRevision: firstRevision + events.length - 1, position };
  }

  /**
   * Idempotent retries (as in EventStoreDB): a batch whose ids are already stored as that same
   * batch, where the expectation put it, returns the original result instead of failing.
   */
  private findReplayedBatch(
    streamName: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): AppendResult | undefined {
    const ids = events.map((event) => event.id);
    const found = this.statements.findIds.all(JSON.stringify(ids)) as EventRow[];
    if (found.length === 0) return undefined;

    const byId = new Map(found.map((row) => [row.id, row]));
    const rows = ids.map((id) => byId.get(id));
    const first = rows[0];
    const expectedFirstRevision = expected === 'no_stream' ? 0 : typeof expected === 'number' ? expected + 1 : undefined;
    const isSameBatch =
      first !== undefined &&
      (expectedFirstRevision === undefined || first.revision === expectedFirstRevision) &&
      rows.every((row, index) => row?.stream_name === streamName && row.revision === first.revision + index);
    if (!isSameBatch) {
      throw new Error(
        `Event ids ${found.map((row) => row.id).join(', ')} already exist, but the batch appended to ${streamName} ` +
          `(expected revision ${String(expected)}) is not an exact replay of an earlier append; nothing was written`,
      );
    }
    const last = rows[rows.length - 1] as EventRow;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private assertOpen(action: string): void {
    if (this.closed) throw new Error(`SqliteEventStore is closed: cannot ${action} it`);
  }
}

function assertExpectedRevision(streamName: string, expected: ExpectedRevision, actual: number | undefined): void {
  const holds =
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'stream_exists' && actual !== undefined) ||
    (typeof expected === 'number' && actual === expected);
  if (!holds) throw new WrongExpectedRevisionError(streamName, expected, actual ?? 'no_stream');
}

function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare(
      'INSERT INTO events (id, stream_name, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    streamRevision: db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_name = ?'),
    eventAt: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_name = ? AND revision = ?`),
    findIds: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE id IN (SELECT value FROM json_each(?))`),
    readStream: db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    readAll: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
    headPosition: db.prepare('SELECT MAX(position) AS position FROM events'),
    readSnapshot: db.prepare('SELECT revision, version, state FROM snapshots WHERE stream_name = ?'),
    // A snapshot of another version replaces any older one; an older revision never wins.
    saveSnapshot: db.prepare(
      `INSERT INTO snapshots (stream_name, revision, version, state) VALUES (?, ?, ?, ?)
       ON CONFLICT (stream_name) DO UPDATE SET revision = excluded.revision, version = excluded.version, state = excluded.state
       WHERE snapshots.revision < excluded.revision OR snapshots.version <> excluded.version`,
    ),
  };
}
