import { join } from 'node:path';
import { EventStore } from '../../shared/application/event-store.port';
import { ensurePrivateDirectory } from '../../config/private-files';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

export interface EventStoreConfig {
  /** KurrentDB connection string; unset (or empty) selects the embedded SQLite store. */
  readonly eventStoreUrl?: string;
  /** Where the embedded store keeps its file. */
  readonly dataDir: string;
}

const KURRENTDB_SCHEMES = new Set(['kurrentdb', 'kurrentdb+discover', 'esdb', 'esdb+discover']);

export function createEventStore(config: EventStoreConfig): EventStore {
  if (!config.eventStoreUrl) {
    ensurePrivateDirectory(config.dataDir);
    return new SqliteEventStore(join(config.dataDir, 'events.sqlite3'));
  }
  // Only the scheme goes into the message: the rest of the URL may hold credentials.
  const scheme = config.eventStoreUrl.split(':')[0];
  if (!KURRENTDB_SCHEMES.has(scheme)) {
    throw new Error(`EVENT_STORE_URL must start with kurrentdb:// or esdb:// (got "${scheme}")`);
  }
  return new KurrentDbEventStore(config.eventStoreUrl);
}
