import { MongoClient } from 'mongodb';
import { MongoDocumentStore } from '../../src/infrastructure/read-models/mongodb/mongo-document-store';
import { dumpDatabaseText, uniqueDatabaseName, withMongoDb } from '../support/mongodb';
import { DocumentStoreHarness, readModelsContract } from './read-models.contract';

/** One fresh database per test, dropped at the end. */
function mongoHarness(url: string): DocumentStoreHarness & { databaseName: string; client(): Promise<MongoClient> } {
  const databaseName = uniqueDatabaseName('read_models');
  let client: MongoClient | undefined;
  const connection = async () => (client ??= await MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 }));
  return {
    databaseName,
    client: connection,
    open: () => MongoDocumentStore.connect(url, databaseName),
    dumpAllText: async () => dumpDatabaseText(await connection(), databaseName),
    async dispose() {
      try {
        await (await connection()).db(databaseName).dropDatabase();
      } finally {
        await client?.close();
        client = undefined;
      }
    },
  };
}

withMongoDb('MongoDB read-model contract', (url) => {
  readModelsContract('MongoDB', async () => mongoHarness(url));

  describe('MongoDocumentStore specifics', () => {
    let harness: ReturnType<typeof mongoHarness>;
    let store: MongoDocumentStore;

    beforeEach(async () => {
      harness = mongoHarness(url);
      store = (await harness.open()) as MongoDocumentStore;
    });
    afterEach(async () => {
      await store.close();
      await harness.dispose();
    });

    it('stores each document as {_id, position, doc} and checkpoints apart', async () => {
      await store.upsertIfNewer('things', 'a', 3, { name: 'a', at: new Date('2025-01-02T03:04:05.000Z'), gone: undefined });
      await store.saveCheckpoint('p', 3);
      const text = await harness.dumpAllText();
      expect(text).toBe(
        'projection-checkpoints: [{"_id":"p","position":3}]\n' +
          'things: [{"_id":"a","doc":{"at":"2025-01-02T03:04:05.000Z","name":"a"},"position":3}]',
      );
    });

    it('never moves a checkpoint backwards', async () => {
      await store.saveCheckpoint('p', 10);
      await store.saveCheckpoint('p', 4);
      expect(await store.getCheckpoint('p')).toBe(10);
    });

    it('unsets a field patched to undefined, as the SQLite store drops it', async () => {
      await store.upsertIfNewer('things', 'a', 1, { name: 'a', note: 'x' });
      expect(await store.updateIfNewer('things', 'a', 2, { note: undefined, extra: 1 })).toBe(true);
      expect(await store.get('things', 'a')).toEqual({ id: 'a', position: 2, doc: { name: 'a', extra: 1 } });
    });

    it('answers limit 0 with nothing, as SQL does', async () => {
      await store.upsertIfNewer('things', 'a', 1, { name: 'a' });
      expect(await store.find('things', { limit: 0 })).toEqual([]);
    });

    it('creates the projection indexes, idempotently', async () => {
      const spec = [{ collection: 'memberships', fields: ['tenantId', 'joinedAt', 'userId'] }];
      await store.ensureIndexes(spec);
      await store.ensureIndexes(spec);
      const indexes = await (await harness.client()).db(harness.databaseName).collection('memberships').listIndexes().toArray();
      expect(indexes.map((index) => [index.name, index.key])).toContainEqual([
        'ix_tenantId_joinedAt_userId',
        { 'doc.tenantId': 1, 'doc.joinedAt': 1, 'doc.userId': 1 },
      ]);
    });

    it('ends at the newest position whatever the order of writes: racing writers on MongoDB, one at a time on FerretDB', async () => {
      // Two stores are two writers (two clients). FerretDB reads, then writes, without a
      // compare-and-set, so it is only promised one writer at a time (see MongoDocumentStore).
      const other = await harness.open();
      try {
        const buildInfo = await (await harness.client()).db('admin').command({ buildInfo: 1 });
        const ferretDb = 'ferretdbVersion' in buildInfo;
        const offers = [
          { store, positions: [5, 3, 9, 4] },
          { store: other, positions: [1, 7, 8, 2, 6] },
        ];
        const ids = Array.from({ length: 10 }, (_, i) => `doc-${i}`);
        const writeAll = ({ store: writer, positions }: (typeof offers)[number]) => async () => {
          for (const p of positions) {
            await Promise.all(ids.map((id) => writer.upsertIfNewer('things', id, p, { p })));
            await Promise.all(ids.map((id) => writer.updateIfNewer('things', id, p + 0.5, { half: p })));
            await writer.saveCheckpoint('p', p);
          }
        };
        if (ferretDb) {
          for (const offer of offers) await writeAll(offer)();
        } else {
          await Promise.all(offers.map((offer) => writeAll(offer)()));
        }
        for (const id of ids) {
          expect(await store.get('things', id)).toEqual({ id, position: 9.5, doc: { p: 9, half: 9 } });
        }
        expect(await store.getCheckpoint('p')).toBe(9);
      } finally {
        await other.close();
      }
    });

    it('refuses collection and field names that are not plain identifiers', async () => {
      await expect(store.get('x"; DROP TABLE checkpoints; --', 'a')).rejects.toThrow(/Invalid collection name/);
      await expect(store.find('things', { where: { '$where': 'x' } })).rejects.toThrow(/Invalid field name/);
      await expect(store.updateIfNewer('things', 'a', 1, { 'a.b': 1 })).rejects.toThrow(/Invalid field name/);
    });
  });
});
