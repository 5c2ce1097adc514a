/**
 * The storage port projections write to and read-model queries read from: named collections of
 * JSON documents keyed by id. Every document remembers the global event position it reflects,
 * and every write is conditional on moving that position forward. That is what makes
 * projections idempotent: replaying an event, or delivering an older one
 * after a newer one, never changes a document, so a checkpoint is only a resume hint.
 *
 * Kept small on purpose: each operation must map onto one MongoDB call as well as onto SQL.
 */

export type Document = Record<string, unknown>;

export interface VersionedDocument<T extends Document = Document> {
  readonly id: string;
  /** Global position of the last event applied to this document. */
  readonly position: number;
  readonly doc: T;
}

/** Fields are top-level document fields; nested paths are not supported. */
export interface IndexSpec {
  readonly collection: string;
  readonly fields: readonly string[];
}

export interface SortKey {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

export interface FindQuery {
  /** Equality on top-level fields, ANDed. */
  readonly where?: Readonly<Record<string, string | number | boolean>>;
  readonly orderBy?: readonly SortKey[];
  /**
   * Keyset pagination: the `orderBy` values of the last document already seen; only documents
   * strictly after it in `orderBy` order are returned. Needs an `orderBy` that is a total order.
   */
  readonly after?: readonly (string | number)[];
  readonly limit?: number;
}

export interface DocumentStore {
  get<T extends Document>(collection: string, id: string): Promise<VersionedDocument<T> | null>;
  /** Creates or replaces the document unless the stored one has a position >= `position`. Resolves true if it wrote. */
  upsertIfNewer(collection: string, id: string, position: number, doc: Document): Promise<boolean>;
  /**
   * Sets the given top-level fields of an existing document unless its position >= `position`.
   * A missing document stays missing. Resolves true if it wrote.
   */
  updateIfNewer(collection: string, id: string, position: number, patch: Document): Promise<boolean>;
  find<T extends Document>(collection: string, query: FindQuery): Promise<VersionedDocument<T>[]>;
  /**
   * Idempotent; called before a projection starts. Creates each collection even while nothing
   * has been written to it, so that a reader outside the service (a dashboard) finds every
   * documented one, empty, instead of an error on a fresh installation.
   */
  ensureCollections(collections: readonly string[]): Promise<void>;
  /** Idempotent; called before a projection starts so its queries are served by indexes. */
  ensureIndexes(indexes: readonly IndexSpec[]): Promise<void>;

  getCheckpoint(projectionName: string): Promise<number | undefined>;
  saveCheckpoint(projectionName: string, position: number): Promise<void>;

  /**
   * Runs `fn` so that its writes (a batch of events and the checkpoint) commit together.
   * Adapters without transactions may just run `fn`: positions keep the documents correct and a
   * checkpoint saved last can only lag, never lead. Calls are serialized, never nested.
   */
  transaction<R>(fn: () => Promise<R>): Promise<R>;
  close(): Promise<void>;
}
