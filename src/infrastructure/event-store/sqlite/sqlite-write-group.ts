import Database from 'better-sqlite3';
import {
  AppendResult,
  EventToAppend,
  ExpectedRevision,
  StreamSnapshot,
  WrongExpectedRevisionError,
} from '../../../shared/application/event-store.port';
import { chainEvents } from '../chain-events';
import { EVENT_COLUMNS, EventRow, toRecordedEvent } from './sqlite-events-table';

/** One write waiting for the next group: an append, or a snapshot to keep. */
export type WriteRequest =
  | {
      readonly kind: 'append';
      readonly streamName: string;
      readonly events: readonly EventToAppend[];
      readonly expectedRevision: ExpectedRevision;
    }
  | { readonly kind: 'snapshot'; readonly snapshot: StreamSnapshot };

/** What one write of a group came to: its result (undefined for a snapshot) or its own error. */
export type WriteOutcome = { readonly ok: true; readonly result?: AppendResult } | { readonly ok: false; readonly error: unknown };

/**
 * Bounds a group, so the last write of a long queue waits for at most this many before it: the
 * appends behind it go into the next transaction, started right after this one's sync.
 */
export const MAX_GROUP_SIZE = 256;

/**
 * Group commit over one SQLite connection: the writes of a group run in ONE `BEGIN IMMEDIATE …
 * COMMIT`, so the whole group costs one sync (synchronous=FULL) instead of one per write.
 *
 * Each write runs under its own SAVEPOINT: one that fails (wrong expected revision, a replay that
 * is not one, a constraint) is rolled back alone and the others still commit. The writes run one
 * after the other inside the transaction, so two appends to the same stream see each other: the
 * second is checked against, and chained onto, what the first inserted.
 *
 * IMMEDIATE takes the write lock before any revision is read, so no other process can slip an
 * event in between a check and its insert. An outcome counts only once `commit` has returned,
 * that is once COMMIT (and its sync) did; when COMMIT fails, every write of the group fails.
 */
export class SqliteWriteGroups {
  private readonly statements: ReturnType<typeof prepareWriteStatements>;

  constructor(private readonly db: Database.Database) {
    this.statements = prepareWriteStatements(db);
  }

  commit(requests: readonly WriteRequest[]): WriteOutcome[] {
    try {
      this.statements.begin.run();
    } catch (error) {
      return requests.map(() => ({ ok: false, error }));
    }
    const outcomes: WriteOutcome[] = [];
    for (const request of requests) {
      const outcome = this.inSavepoint(request);
      // Some errors (disk full, I/O) make SQLite roll the whole transaction back: then nothing of
      // the group is written, including the writes that had succeeded before.
      if (!this.db.inTransaction) {
        const error = outcome.ok ? new Error('The SQLite transaction ended before its COMMIT') : outcome.error;
        return requests.map(() => ({ ok: false, error }));
      }
      outcomes.push(outcome);
    }
    try {
      this.statements.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.statements.rollback.run();
      return requests.map(() => ({ ok: false, error }));
    }
    return outcomes;
  }

  private inSavepoint(request: WriteRequest): WriteOutcome {
    this.statements.savepoint.run();
    try {
      const result = request.kind === 'append' ? this.append(request.streamName, request.events, request.expectedRevision) : this.saveSnapshot(request.snapshot);
      this.statements.release.run();
      return { ok: true, result };
    } catch (error) {
      if (this.db.inTransaction) {
        this.statements.rollbackToSavepoint.run();
        this.statements.release.run();
      }
      return { ok: false, error };
    }
  }

  private append(streamName: string, events: readonly EventToAppend[], expected: ExpectedRevision): AppendResult {
    const replayed = this.findReplayedBatch(streamName, events, expected);
    if (replayed) return replayed;

    const { revision } = this.statements.streamRevision.get(streamName) as { revision: number | null };
    assertExpectedRevision(streamName, expected, revision ?? undefined);

    const firstRevision = (revision ?? -1) + 1;
    // Read under the write lock, whatever the expectation: the predecessor is the stream's last
    // event at the moment of the insert, also for 'any' and 'stream_exists', and also when an
    // earlier append of the same group wrote it.
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

  private saveSnapshot(snapshot: StreamSnapshot): undefined {
    this.statements.saveSnapshot.run(snapshot.streamName, snapshot.revision, snapshot.version, JSON.stringify(snapshot.state));
    return undefined;
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

function prepareWriteStatements(db: Database.Database) {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT one_write'),
    release: db.prepare('RELEASE one_write'),
    rollbackToSavepoint: db.prepare('ROLLBACK TO one_write'),
    insert: db.prepare(
      'INSERT INTO events (id, stream_name, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    streamRevision: db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_name = ?'),
    eventAt: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_name = ? AND revision = ?`),
    findIds: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE id IN (SELECT value FROM json_each(?))`),
    // A snapshot of another version replaces any older one; an older revision never wins.
    saveSnapshot: db.prepare(
      `INSERT INTO snapshots (stream_name, revision, version, state) VALUES (?, ?, ?, ?)
       ON CONFLICT (stream_name) DO UPDATE SET revision = excluded.revision, version = excluded.version, state = excluded.state
       WHERE snapshots.revision < excluded.revision OR snapshots.version <> excluded.version`,
    ),
  };
}
