import { deepStrictEqual } from 'node:assert/strict';
import { Document, DocumentStore } from '../document-store.port';
import { RecordedEvent } from '../event-store.port';
import { ReadModel } from '../projection.port';

/**
 * Given/when/then specifications for read models: given these events, the read model's
 * collection holds exactly these documents.
 *
 *   const spec = readModelSpec(tenantsReadModel, () => new SqliteDocumentStore(':memory:'));
 *   await spec.given(inTenant('t-1', tenantCreated), inTenant('t-1', tenantCanceled)).then({ 't-1': { ...canceled } });
 *
 * The events get global positions 1, 2, 3… in the order given. Besides the expected documents,
 * every `then` checks idempotency, which the projection runner relies on: replaying the whole
 * history again, and delivering every event twice in a row on a fresh store, leave the same
 * documents at the same positions.
 *
 * node:assert rather than Jest's `expect`: the production build compiles this file (it has no Jest
 * types), even though only specs import it.
 */
export interface GivenEvent {
  readonly stream: string;
  readonly type: string;
  readonly data: object;
  /** metadata.at; a fixed instant by default. */
  readonly at?: string;
}

export const SPEC_INSTANT = '2026-01-01T00:00:00.000Z';

/** A domain event as recorded in `stream`: `on(tenantStream('t-1'), created)`. */
export const on = (stream: string, event: { readonly type: string; readonly data: object }, at?: string): GivenEvent => ({
  stream,
  type: event.type,
  data: event.data,
  ...(at === undefined ? {} : { at }),
});

/** `{ id: document }` of a whole collection. */
export type Documents = Record<string, Document>;

export interface ReadModelScenario {
  /** Asserts the read model's collection holds exactly `expected`, and that replays change nothing. */
  then(expected: Documents): Promise<void>;
  /** Projects the events into a new store and hands it to `check` (queries, positions); closes it after. */
  thenQuery(check: (store: DocumentStore) => Promise<void>): Promise<void>;
}

export interface ReadModelSpec {
  given(...events: GivenEvent[]): ReadModelScenario;
}

/**
 * `alongside`: read models this one reads, run before it on every event (as in the composed
 * projection); their collections are not asserted.
 */
export function readModelSpec(
  readModel: ReadModel,
  openStore: () => DocumentStore,
  alongside: readonly ReadModel[] = [],
): ReadModelSpec {
  const apply = async (store: DocumentStore, event: RecordedEvent) => {
    for (const other of alongside) await other.apply(event, store);
    await readModel.apply(event, store);
  };

  const withStore = async <R>(run: (store: DocumentStore) => Promise<R>): Promise<R> => {
    const store = openStore();
    try {
      await store.ensureIndexes([...alongside.flatMap((other) => other.indexes), ...readModel.indexes]);
      return await run(store);
    } finally {
      await store.close();
    }
  };

  const dump = async (store: DocumentStore) => {
    const found = await store.find(readModel.collection, {});
    return Object.fromEntries(
      found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(({ id, position, doc }) => [id, { position, doc }]),
    );
  };

  return {
    given(...given) {
      const events = recorded(given);
      return {
        async then(expected) {
          const once = await withStore(async (store) => {
            for (const event of events) await apply(store, event);
            const projected = await dump(store);
            const documents = Object.fromEntries(Object.entries(projected).map(([id, { doc }]) => [id, doc]));
            deepStrictEqual(documents, expected);
            for (const event of events) await apply(store, event);
            deepStrictEqual(await dump(store), projected, 'replaying the history changed the documents');
            return projected;
          });
          const twice = await withStore(async (store) => {
            for (const event of events) {
              await apply(store, event);
              await apply(store, event);
            }
            return dump(store);
          });
          deepStrictEqual(twice, once, 'delivering each event twice changed the documents');
        },

        thenQuery(check) {
          return withStore(async (store) => {
            for (const event of events) await apply(store, event);
            await check(store);
          });
        },
      };
    },
  };
}

function recorded(given: readonly GivenEvent[]): RecordedEvent[] {
  const revisions = new Map<string, number>();
  return given.map(({ stream, type, data, at }, index) => {
    const revision = revisions.get(stream) ?? 0;
    revisions.set(stream, revision + 1);
    return {
      id: `event-${index + 1}`,
      type,
      streamName: stream,
      revision,
      position: index + 1,
      data: data as Record<string, unknown>,
      metadata: { actor: { type: 'system' }, at: at ?? SPEC_INSTANT, correlationId: 'spec' },
      recordedAt: new Date(at ?? SPEC_INSTANT),
    };
  });
}
