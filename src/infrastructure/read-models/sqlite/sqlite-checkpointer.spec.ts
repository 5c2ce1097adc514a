import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDocumentStore } from './sqlite-document-store';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SqliteDocumentStore: WAL checkpoints in a thread, not in a commit on the event loop', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given committed batches far below the automatic threshold, when a second passes, then their pages are in the database file', async () => {
    const file = join(dir, 'read-models.sqlite3');
    const store = new SqliteDocumentStore(file);
    try {
      await store.ensureCollections(['tenants']);
      const before = statSync(file).size;
      await store.transaction(async () => {
        // About a hundred pages: a tenth of SQLite's default threshold, a hundredth of ours.
        for (let i = 0; i < 400; i++) await store.upsertIfNewer('tenants', `t-${i}`, i + 1, { name: 'x'.repeat(800) });
        await store.saveCheckpoint('directory', 400);
      });
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(100 * 1024);
      expect(statSync(file).size).toBe(before);

      const deadline = Date.now() + 5000;
      while (statSync(file).size === before && Date.now() < deadline) await pause(100);
      expect(statSync(file).size).toBeGreaterThan(before + 100 * 1024);
      expect(await store.getCheckpoint('directory')).toBe(400);
    } finally {
      await store.close();
    }
  });
});
