import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  READ_MODELS_FILE_NAME,
  SqliteDocumentStore,
} from '../../src/infrastructure/read-models/sqlite/sqlite-document-store';
import { DocumentStoreHarness, readModelsContract } from './read-models.contract';

function sqliteHarness(): DocumentStoreHarness & { file: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'read-models-'));
  return {
    file: join(dataDir, READ_MODELS_FILE_NAME),
    open: async () => SqliteDocumentStore.inDataDir(dataDir),
    async dumpAllText() {
      // A second connection sees exactly what has been committed.
      const db = new Database(join(dataDir, READ_MODELS_FILE_NAME), { fileMustExist: true });
      try {
        const tables = db
          .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
          .all();
        return tables
          .map(({ name }) => `${name}: ${JSON.stringify(db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all())}`)
          .join('\n');
      } finally {
        db.close();
      }
    },
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

readModelsContract('SQLite', async () => sqliteHarness());

describe('SqliteDocumentStore specifics', () => {
  let harness: ReturnType<typeof sqliteHarness>;
  let store: SqliteDocumentStore;

  beforeEach(async () => {
    harness = sqliteHarness();
    store = (await harness.open()) as SqliteDocumentStore;
  });
  afterEach(async () => {
    await store.close();
    await harness.dispose();
  });

  it('commits a batch and its checkpoint together, or neither', async () => {
    await expect(
      store.transaction(async () => {
        await store.upsertIfNewer('things', 'a', 1, { name: 'a' });
        await store.saveCheckpoint('p', 1);
        throw new Error('projection failed');
      }),
    ).rejects.toThrow('projection failed');
    expect(await store.get('things', 'a')).toBeNull();
    expect(await store.getCheckpoint('p')).toBeUndefined();

    await store.transaction(async () => {
      await store.upsertIfNewer('things', 'a', 1, { name: 'a' });
      await store.saveCheckpoint('p', 1);
    });
    expect(await harness.dumpAllText()).toContain('"position":1');
  });

  it('runs overlapping transactions one after the other', async () => {
    const order: string[] = [];
    const slow = store.transaction(async () => {
      order.push('slow:start');
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('slow:end');
    });
    const fast = store.transaction(async () => {
      order.push('fast');
    });
    await Promise.all([slow, fast]);
    expect(order).toEqual(['slow:start', 'slow:end', 'fast']);
  });

  it('serves the member list from an index', async () => {
    await store.ensureIndexes([{ collection: 'memberships', fields: ['tenantId', 'joinedAt', 'userId'] }]);
    await store.upsertIfNewer('memberships', 'x', 1, { tenantId: 't', joinedAt: 'j', userId: 'u' });
    const db = new Database(harness.file);
    try {
      const plan = db
        .prepare<[], { detail: string }>(
          // The shape of find()'s keyset query for the next page of members.
          `EXPLAIN QUERY PLAN SELECT id FROM "doc_memberships" WHERE json_extract(body, '$.tenantId') = 't'
           AND json_extract(body, '$.joinedAt') <= 'j'
           AND ((json_extract(body, '$.joinedAt') < 'j') OR (json_extract(body, '$.joinedAt') = 'j' AND json_extract(body, '$.userId') > 'u'))
           ORDER BY json_extract(body, '$.joinedAt') DESC, json_extract(body, '$.userId') ASC`,
        )
        .all()
        .map((row) => row.detail)
        .join('\n');
      expect(plan).toMatch(/SEARCH doc_memberships USING INDEX \S+ \(<expr>=\? AND <expr><\?\)/);
      expect(plan).not.toMatch(/SCAN/);
    } finally {
      db.close();
    }
  });

  it('refuses collection and field names that are not plain identifiers', async () => {
    await expect(store.get('x"; DROP TABLE checkpoints; --', 'a')).rejects.toThrow(/Invalid collection name/);
    await expect(store.find('things', { where: { "a') OR 1=1 --": 'x' } })).rejects.toThrow(/Invalid field name/);
  });
});
