import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '../../src/infrastructure/event-store/event-store.factory';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { SqliteReadModelStorage } from '../../src/infrastructure/read-models/read-model-storage';
import { READ_MODELS_FILE_NAME, SqliteDocumentStore } from '../../src/infrastructure/read-models/sqlite/sqlite-document-store';
import { anEvent, aStreamName } from './event-store.contract';
import { holdWriteLockInAnotherProcess } from './sqlite-lock-holder';

/**
 * The SQLite files of DATA_DIR hold argon2 hashes and invite-token ciphertexts: they are created
 * 0600 (the WAL and shared-memory files too, which SQLite creates with the database file's mode)
 * in a directory created 0700; and two processes opening a new file at once both succeed.
 */
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('SQLite files of the embedded stores', () => {
  let root: string;
  let umask: number;
  // As on a usual machine, whatever the test runner's umask: without the fix files were 0644.
  beforeAll(() => (umask = process.umask(0o022)));
  afterAll(() => process.umask(umask));
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sqlite-files-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates the event store file, its -wal and its -shm 0600, in a data directory created 0700', async () => {
    const dataDir = join(root, 'new', 'data');
    const store = createEventStore({ dataDir });
    await store.appendToStream(aStreamName(), [anEvent()], { expectedRevision: 'no_stream' });
    const files = readdirSync(dataDir).sort();
    expect(files).toEqual(['events.sqlite3', 'events.sqlite3-shm', 'events.sqlite3-wal']);
    expect(files.map((file) => [file, modeOf(join(dataDir, file))])).toEqual(files.map((file) => [file, 0o600]));
    expect(modeOf(dataDir)).toBe(0o700);
    await store.close();
  });

  it('creates the read-model file, its -wal and its -shm 0600, in a data directory created 0700', async () => {
    const dataDir = join(root, 'data');
    const store = SqliteDocumentStore.inDataDir(dataDir);
    await store.upsertIfNewer('things', 'a', 1, { name: 'A' });
    const files = readdirSync(dataDir).sort();
    expect(files).toEqual([READ_MODELS_FILE_NAME, `${READ_MODELS_FILE_NAME}-shm`, `${READ_MODELS_FILE_NAME}-wal`]);
    expect(files.map((file) => [file, modeOf(join(dataDir, file))])).toEqual(files.map((file) => [file, 0o600]));
    expect(modeOf(dataDir)).toBe(0o700);
    await store.close();
  });

  it('takes group and other permissions off files an earlier version left 0644, side files included', async () => {
    const file = join(root, 'events.sqlite3');
    // An earlier version's file, still open elsewhere so that its -wal and -shm exist.
    const earlier = new Database(file);
    earlier.pragma('journal_mode = WAL');
    earlier.exec('CREATE TABLE leftover (x)');
    earlier.exec('INSERT INTO leftover VALUES (1)');
    for (const suffix of ['', '-wal', '-shm']) expect(modeOf(`${file}${suffix}`)).toBe(0o644);

    const store = new SqliteEventStore(file);
    for (const suffix of ['', '-wal', '-shm']) expect([suffix, modeOf(`${file}${suffix}`)]).toEqual([suffix, 0o600]);
    await store.close();
    earlier.close();
  });

  it('leaves a data directory that already exists as it is (the operator is warned instead)', async () => {
    const dataDir = join(root, 'shared');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    const store = SqliteDocumentStore.inDataDir(dataDir);
    await store.close();
    expect(modeOf(dataDir)).toBe(0o755);
    expect(modeOf(join(dataDir, READ_MODELS_FILE_NAME))).toBe(0o600);
  });

  it('writes new generations, the generation pointer and the rebuild lock 0600', async () => {
    const storage = new SqliteReadModelStorage(join(root, 'data'));
    const lock = await storage.acquireRebuildLock();
    expect(modeOf(join(root, 'data', 'read-models.rebuild.lock'))).toBe(0o600);
    const generation = await storage.openGeneration('g1', { bulkLoad: true });
    await generation.upsertIfNewer('things', 'a', 1, { name: 'A' });
    await generation.close();
    await storage.switchTo('g1');
    await lock.release();
    const files = readdirSync(join(root, 'data')).sort();
    // The stable link for dashboards names the generation; its mode is its target's.
    expect(files).toEqual(['read-models-current.sqlite3', 'read-models-g1.sqlite3', 'read-models.current']);
    expect(files.map((file) => [file, modeOf(join(root, 'data', file))])).toEqual(files.map((file) => [file, 0o600]));
    expect(modeOf(join(root, 'data'))).toBe(0o700);
  });

  it('tightens a generation pointer an earlier version wrote 0644 when the generation is opened', async () => {
    const dataDir = join(root, 'data');
    const storage = new SqliteReadModelStorage(dataDir);
    await (await storage.openGeneration('g1')).close();
    await storage.switchTo('g1');
    chmodSync(join(dataDir, 'read-models.current'), 0o644);
    await (await storage.openGeneration('g1')).close();
    expect(modeOf(join(dataDir, 'read-models.current'))).toBe(0o600);
  });

  // As for the event store (test/contracts/event-store.sqlite.test.ts): another process in the
  // middle of switching the new file to WAL holds its write lock, which SQLite does not wait for.
  it('opens a NEW read-model file while concurrent processes hold its write lock, instead of failing with SQLITE_BUSY', async () => {
    const file = join(root, 'read-models-new.sqlite3');
    const holder = await holdWriteLockInAnotherProcess(file, 1500);
    const openedAt = Date.now();
    const store = new SqliteDocumentStore(file);
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(100);
    await store.upsertIfNewer('things', 'a', 1, { name: 'A' });
    await store.close();
    await holder.released;
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(existsSync(file)).toBe(true);
  });
});
