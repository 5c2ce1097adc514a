import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { ReadModel } from '../projection.port';
import { on, readModelSpec } from './read-model-spec';

/** Counts "Counted" events per stream; `positionOf` decides which position each write claims. */
const counter = (positionOf: (eventPosition: number) => number): ReadModel => ({
  collection: 'counts',
  indexes: [{ collection: 'counts', fields: ['count'] }],
  async apply(event, store) {
    if (event.type !== 'Counted') return;
    const current = await store.get<{ count: number }>('counts', event.streamName);
    await store.upsertIfNewer('counts', event.streamName, positionOf(event.position), { count: (current?.doc.count ?? 0) + 1 });
  },
  queries: () => ({}),
});

const counted = { type: 'Counted', data: {} };
const openStore = () => new SqliteDocumentStore(':memory:');

describe('readModelSpec', () => {
  it('passes a read model whose writes claim their event position', async () => {
    await readModelSpec(counter((position) => position), openStore)
      .given(on('a', counted), on('a', counted), on('b', counted))
      .then({ a: { count: 2 }, b: { count: 1 } });
  });

  it('fails when the documents are not the expected ones', async () => {
    await expect(
      readModelSpec(counter((position) => position), openStore).given(on('a', counted)).then({ a: { count: 2 } }),
    ).rejects.toThrow('Expected values to be strictly deep-equal');
  });

  it('fails a read model that a replay changes (its writes claim a position of their own, not the event)', async () => {
    let writes = 0;
    await expect(
      readModelSpec(counter(() => ++writes), openStore).given(on('a', counted), on('a', counted)).then({ a: { count: 2 } }),
    ).rejects.toThrow('replaying the history changed the documents');
  });
});
