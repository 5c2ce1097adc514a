import { RecordedEvent } from './event-store.port';
import { DocumentStore, IndexSpec } from './document-store.port';
import { upcastEvent } from './event-schema-versions';

/**
 * DI token of the Projection the read-model host runs. The composition root binds it (the
 * modules' read models composed into one), so that infrastructure runs projections without
 * knowing which modules they come from.
 */
export const PROJECTION = Symbol('PROJECTION');

/**
 * A read model's write side: turns events into conditional document writes. It must be
 * idempotent and order-safe through the positions the DocumentStore checks, so that the runner
 * can replay from any checkpoint.
 */
export interface Projection {
  /** Stable; names the projection's checkpoint. */
  readonly name: string;
  /** Every collection it writes: created before it starts, even while empty. */
  readonly collections: readonly string[];
  readonly indexes: readonly IndexSpec[];
  /** Collection -> its read model's `dateFields`: what a store may keep as native dates. */
  readonly dateFields?: Readonly<Record<string, readonly string[]>>;
  /** Ignores event types it does not know. */
  apply(event: RecordedEvent, store: DocumentStore): Promise<void>;
}

/**
 * One read model, in one file of the module that owns the concept: the collection it fills, how
 * events fill it, the queries that read it and the indexes those queries need. Its writes must
 * be position-guarded (upsertIfNewer / updateIfNewer) like any projection's.
 */
export interface ReadModel<Queries extends object = object> {
  readonly collection: string;
  readonly indexes: readonly IndexSpec[];
  /**
   * Top-level fields of its documents that hold instants (ISO-8601 text in the documents the read
   * model writes and reads). Dashboards read them as dates: BSON dates in MongoDB.
   */
  readonly dateFields?: readonly string[];
  /** Writes to its own collection only; ignores event types it does not handle. */
  apply(event: RecordedEvent, store: DocumentStore): Promise<void>;
  /** Its part of the ReadModels port, reading through `store` (an empty object when nothing queries it directly). */
  queries(store: DocumentStore): Queries;
}

/**
 * Runs several read models as one Projection: one checkpoint, one batch per transaction, each
 * event handed to every read model in the given order. The order only decides which write of an
 * event a store without transactions shows first; a read model that reads another's collection
 * reads what earlier events wrote there.
 */
export function projectionOf(name: string, readModels: readonly ReadModel[]): Projection {
  return {
    name,
    collections: [...new Set(readModels.map((readModel) => readModel.collection))],
    indexes: readModels.flatMap((readModel) => readModel.indexes),
    dateFields: Object.fromEntries(
      readModels.filter((readModel) => readModel.dateFields?.length).map((readModel) => [readModel.collection, readModel.dateFields!]),
    ),
    async apply(recorded, store) {
      // Read models see every payload in its type's current shape (docs/events.md, versions).
      const event = upcastEvent(recorded);
      for (const readModel of readModels) await readModel.apply(event, store);
    },
  };
}
