import Database from 'better-sqlite3';
import { RecordedEvent } from '../../../shared/application/event-store.port';
import { EventMetadata } from '../../../shared/domain/event';
import { openSqliteInWal, retryWhileBusy } from '../../sqlite-open';

// AUTOINCREMENT (not a plain rowid) so a position is never reused, even after the newest rows
// are gone; UNIQUE(stream_name, revision) is the last line of defence behind the revision check.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    stream_name TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream_name, revision)
  );
  CREATE TABLE IF NOT EXISTS snapshots (
    stream_name TEXT    PRIMARY KEY,
    revision    INTEGER NOT NULL,
    version     TEXT    NOT NULL,
    state       TEXT    NOT NULL
  )`;

export interface EventRow {
  readonly position: number;
  readonly id: string;
  readonly stream_name: string;
  readonly revision: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
}

export const EVENT_COLUMNS = 'position, id, stream_name, revision, type, data, metadata, recorded_at';

/**
 * Opens (creating it 0600 if needed) the event store's file. Several processes may open a new
 * file at the same instant: the WAL switch and the schema creation wait for each other's locks
 * and retry where SQLite does not wait (see openSqliteInWal); both are safe to repeat.
 */
export function openEventsDatabase(filePath: string, busyTimeoutMs: number): Database.Database {
  // WAL's default (NORMAL) may lose the last acknowledged transactions on power loss.
  const db = openSqliteInWal(filePath, { busyTimeoutMs, synchronous: 'FULL' });
  try {
    retryWhileBusy(() => db.exec(SCHEMA), busyTimeoutMs);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    streamName: row.stream_name,
    revision: row.revision,
    position: row.position,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    recordedAt: new Date(row.recorded_at),
  };
}
