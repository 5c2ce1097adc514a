import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from './event-store.factory';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

describe('createEventStore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'event-store-factory-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it.each([undefined, ''])('uses SQLite in the data directory when the URL is %p', async (eventStoreUrl) => {
    const dataDir = join(root, 'nested', 'data');
    const store = createEventStore({ eventStoreUrl, dataDir });
    expect(store).toBeInstanceOf(SqliteEventStore);
    expect(existsSync(join(dataDir, 'events.sqlite3'))).toBe(true);
    await store.close();
  });

  it.each([
    'kurrentdb://localhost:2113?tls=false',
    'kurrentdb+discover://cluster.example:2113',
    'esdb://localhost:2113?tls=false',
    'esdb+discover://cluster.example:2113',
  ])('uses KurrentDB for %s', async (eventStoreUrl) => {
    // Creating the client does not connect, so no server is needed here. The client warns that
    // esdb:// is deprecated; that is its message to operators, not this test's concern.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const store = createEventStore({ eventStoreUrl, dataDir: root });
    expect(store).toBeInstanceOf(KurrentDbEventStore);
    await store.close();
    warn.mockRestore();
  });

  it('names only the scheme of an unsupported URL', () => {
    expect(() => createEventStore({ eventStoreUrl: 'mongodb://user:secret@host/db', dataDir: root })).toThrow(
      new Error('EVENT_STORE_URL must start with kurrentdb:// or esdb:// (got "mongodb")'),
    );
  });
});
