import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentStore } from '../../../shared/application/document-store.port';
import { SqliteDocumentStore } from '../sqlite/sqlite-document-store';
import { WriteBackCache } from './write-back-cache';

/** The store, counting the document writes that reach it. */
function countingWrites(store: DocumentStore): { store: DocumentStore; writes: () => number } {
  let writes = 0;
  const counted = Object.create(store) as DocumentStore;
  counted.upsertIfNewer = (...args) => {
    writes++;
    return store.upsertIfNewer(...args);
  };
  counted.updateIfNewer = (...args) => {
    writes++;
    return store.updateIfNewer(...args);
  };
  return { store: counted, writes: () => writes };
}

describe('WriteBackCache: a batch of conditional writes folded in memory, written once', () => {
  let sqlite: SqliteDocumentStore;

  beforeEach(async () => {
    sqlite = new SqliteDocumentStore(':memory:');
    await sqlite.ensureCollections(['tenants']);
  });

  afterEach(() => sqlite.close());

  it('given a document changed by many events of one batch, when the batch commits, then the store gets one write of the last state', async () => {
    const { store, writes } = countingWrites(sqlite);
    const cache = new WriteBackCache(store);
    await cache.transaction(async () => {
      await cache.upsertIfNewer('tenants', 't-1', 1, { name: 'Contoso', members: 0 });
      for (let position = 2; position <= 100; position++) {
        const current = await cache.get<{ members: number }>('tenants', 't-1');
        await cache.updateIfNewer('tenants', 't-1', position, { members: current!.doc.members + 1 });
      }
      // Nothing reaches the store before the end of the batch.
      expect(writes()).toBe(0);
      expect(await sqlite.get('tenants', 't-1')).toBeNull();
    });
    expect(writes()).toBe(1);
    expect(await sqlite.get('tenants', 't-1')).toEqual({ id: 't-1', position: 100, doc: { name: 'Contoso', members: 99 } });
  });

  it('given documents in the store, when a batch writes them, then the position rules are the store’s', async () => {
    await sqlite.upsertIfNewer('tenants', 't-1', 10, { name: 'Stored', plan: 'basic' });
    const cache = new WriteBackCache(sqlite);
    const answers: boolean[] = [];
    await cache.transaction(async () => {
      answers.push(await cache.upsertIfNewer('tenants', 't-1', 10, { name: 'Same position' })); // not newer
      answers.push(await cache.updateIfNewer('tenants', 't-1', 9, { name: 'Older' })); // older
      answers.push(await cache.updateIfNewer('tenants', 't-2', 11, { name: 'Missing' })); // a missing one stays missing
      answers.push(await cache.updateIfNewer('tenants', 't-1', 12, { name: 'Renamed' })); // a shallow merge
      answers.push(await cache.upsertIfNewer('tenants', 't-1', 11, { name: 'Behind the update' })); // older than the cached write
      answers.push(await cache.upsertIfNewer('tenants', 't-3', 13, { name: 'New' }));
      expect(await cache.get('tenants', 't-1')).toEqual({ id: 't-1', position: 12, doc: { name: 'Renamed', plan: 'basic' } });
      expect(await cache.get('tenants', 't-2')).toBeNull();
    });
    expect(answers).toEqual([false, false, false, true, false, true]);
    expect(await sqlite.find('tenants', {})).toEqual([
      { id: 't-1', position: 12, doc: { name: 'Renamed', plan: 'basic' } },
      { id: 't-3', position: 13, doc: { name: 'New' } },
    ]);
  });

  it('given pending writes, when find is called during the batch, then it answers over stored and pending documents alike', async () => {
    await sqlite.upsertIfNewer('tenants', 't-1', 1, { mspId: 'msp-1', status: 'active' });
    await sqlite.upsertIfNewer('tenants', 't-2', 2, { mspId: 'msp-1', status: 'active' });
    const cache = new WriteBackCache(sqlite);
    await cache.transaction(async () => {
      await cache.updateIfNewer('tenants', 't-2', 3, { status: 'canceled' });
      await cache.upsertIfNewer('tenants', 't-3', 4, { mspId: 'msp-1', status: 'active' });
      const active = await cache.find('tenants', { where: { mspId: 'msp-1', status: 'active' } });
      expect(active.map(({ id }) => id).sort()).toEqual(['t-1', 't-3']);
      // Writes after the find are still folded and written at the end.
      await cache.updateIfNewer('tenants', 't-3', 5, { status: 'canceled' });
    });
    expect((await sqlite.find('tenants', { where: { status: 'canceled' } })).map(({ id }) => id).sort()).toEqual(['t-2', 't-3']);
  });

  it('given a batch that fails, when it rolls back, then neither its documents nor its checkpoint remain, and the next batch starts from the store', async () => {
    await sqlite.upsertIfNewer('tenants', 't-1', 1, { name: 'Stored' });
    const cache = new WriteBackCache(sqlite);
    await expect(
      cache.transaction(async () => {
        await cache.updateIfNewer('tenants', 't-1', 2, { name: 'Lost' });
        await cache.saveCheckpoint('directory', 2);
        throw new Error('projection failed');
      }),
    ).rejects.toThrow('projection failed');
    expect(await sqlite.get('tenants', 't-1')).toEqual({ id: 't-1', position: 1, doc: { name: 'Stored' } });
    expect(await sqlite.getCheckpoint('directory')).toBeUndefined();
    await cache.transaction(async () => {
      expect(await cache.get('tenants', 't-1')).toEqual({ id: 't-1', position: 1, doc: { name: 'Stored' } });
    });
  });

  it('given a read model reading several documents at once, when one of them is written, then the write is kept', async () => {
    await sqlite.upsertIfNewer('tenants', 't-1', 1, { name: 'Stored' });
    const cache = new WriteBackCache(sqlite);
    await cache.transaction(async () => {
      const [, written] = await Promise.all([
        cache.get('tenants', 't-1'),
        cache.updateIfNewer('tenants', 't-1', 2, { name: 'Written' }),
        cache.get('tenants', 't-1'),
      ]);
      expect(written).toBe(true);
    });
    expect(await sqlite.get('tenants', 't-1')).toEqual({ id: 't-1', position: 2, doc: { name: 'Written' } });
  });
});

describe('WriteBackCache in front of a bulk-loaded SQLite generation: batches committed by a writer thread', () => {
  let dir: string;
  let file: string;
  let bulk: SqliteDocumentStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'write-back-'));
    file = join(dir, 'generation.sqlite3');
    bulk = new SqliteDocumentStore(file, { bulkLoad: true });
    await bulk.ensureCollections(['tenants', 'memberships']);
  });

  afterEach(async () => {
    await bulk.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given batches handed over one after another, when drained, then every document and the last checkpoint are committed, even past forgotten entries', async () => {
    // maxEntries 5: the cache forgets what it holds every few batches, so later batches read
    // back from the file what earlier ones wrote through the thread.
    const cache = new WriteBackCache(bulk, { freshStore: true, maxEntries: 5 });
    let position = 0;
    for (let batch = 0; batch < 10; batch++) {
      await cache.transaction(async () => {
        for (let i = 0; i < 4; i++) {
          position++;
          const tenant = await cache.get<{ members: number }>('tenants', 't-1');
          if (tenant) await cache.updateIfNewer('tenants', 't-1', position, { members: tenant.doc.members + 1 });
          else await cache.upsertIfNewer('tenants', 't-1', position, { members: 1 });
          await cache.upsertIfNewer('memberships', `m-${position}`, position, { tenantId: 't-1' });
        }
        await cache.saveCheckpoint('directory', position);
      });
    }
    await cache.drain();
    expect(await bulk.get('tenants', 't-1')).toEqual({ id: 't-1', position: 40, doc: { members: 40 } });
    expect(await bulk.find('memberships', {})).toHaveLength(40);
    expect(await bulk.getCheckpoint('directory')).toBe(40);
  });

  it('given a batch being folded, when find is called, then it answers over what was handed over and what is pending', async () => {
    const cache = new WriteBackCache(bulk, { freshStore: true });
    await cache.transaction(async () => {
      await cache.upsertIfNewer('memberships', 'm-1', 1, { tenantId: 't-1' });
      await cache.saveCheckpoint('directory', 1);
    });
    await cache.transaction(async () => {
      await cache.upsertIfNewer('memberships', 'm-2', 2, { tenantId: 't-1' });
      expect((await cache.find('memberships', { where: { tenantId: 't-1' } })).map(({ id }) => id).sort()).toEqual(['m-1', 'm-2']);
      await cache.saveCheckpoint('directory', 2);
    });
    expect(await cache.getCheckpoint('directory')).toBe(2);
  });

  it('given a batch the writer thread cannot commit, when the rebuild goes on, then the failure surfaces at the next batch or drain', async () => {
    const cache = new WriteBackCache(bulk, { freshStore: true });
    // The thread is sent a table nobody created: its transaction fails and rolls back.
    (bulk as unknown as { table: () => string }).table = () => '"doc_nobody_created"';
    await cache.transaction(async () => {
      await cache.upsertIfNewer('tenants', 't-1', 1, { name: 'Contoso' });
      await cache.saveCheckpoint('directory', 1);
    });
    await expect(cache.drain()).rejects.toThrow(/read-model batch not written: no such table/);
    expect(await bulk.getCheckpoint('directory')).toBeUndefined();
  });
});
