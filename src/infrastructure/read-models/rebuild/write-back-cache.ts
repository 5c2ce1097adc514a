import { Document, DocumentStore, FindQuery, IndexSpec, VersionedDocument } from '../../../shared/application/document-store.port';

interface Entry {
  /** null: the store has no such document (and no write of this batch created it). */
  current: VersionedDocument | null;
  /** Written during this batch: goes to the store at flush(). */
  dirty: boolean;
}

/** Columns of one collection's documents in a batch, bodies already JSON. */
export interface CollectionRows {
  readonly ids: string[];
  readonly positions: number[];
  readonly bodies: string[];
}

/**
 * A store that can take a whole folded batch and commit it elsewhere (SqliteDocumentStore in bulk
 * load: a worker thread) while the caller goes on. Its own reads see a batch once it resolved.
 */
interface BatchWritingStore extends DocumentStore {
  readonly writesBatches: boolean;
  writeBatch(documents: ReadonlyMap<string, CollectionRows>, checkpoint?: { name: string; position: number }): Promise<void>;
}

const writesBatches = (store: DocumentStore): store is BatchWritingStore =>
  (store as Partial<BatchWritingStore>).writesBatches === true;

export interface WriteBackCacheOptions {
  /**
   * The store was empty when the cache was made and only the cache writes to it, in log order
   * (a rebuild's new generation). Then a document the cache has never seen was written at or
   * before the last flushed position, so an upsert of a newer event need not read it first.
   */
  readonly freshStore?: boolean;
  /**
   * Documents kept between batches (read or written, all of them clean after a flush), so
   * that the hot ones (a tenant, its link, a day's counter) are not read again at every batch.
   * Past this many, the cache forgets them all: memory stays flat however long the log. Default 10,000.
   */
  readonly maxEntries?: number;
}

/**
 * A rebuild replays a history in which the same documents change again and again (a tenant and
 * its invite link by every join, a day's counter by every signup of that day). Written straight
 * through, each change is a read, a JSON parse, a JSON stringify and a row write. This store sits
 * in front of the generation's store for one batch: reads are served from what the batch already
 * read or wrote, conditional writes are decided here with the same position rules as the store,
 * and flush() writes each changed document once, before the batch's checkpoint, in the same
 * transaction. What was read or written stays cached for the next batches (up to maxEntries).
 * The documents that reach the store are exactly those projecting event by event
 * would have left there.
 *
 * find() is answered by the store after a flush of what is pending, so it is exact too; the
 * read models only read by id while projecting, so that path is not a hot one.
 */
export class WriteBackCache implements DocumentStore {
  private readonly collections = new Map<string, Map<string, Entry>>();
  /** Documents written since the last flush, in the order they were first written. */
  private dirty: { collection: string; entry: Entry }[] = [];
  private entries = 0;
  /** With freshStore: no stored document is at a higher position than this. */
  private flushedUpTo = -Infinity;
  private readonly freshStore: boolean;
  private readonly maxEntries: number;
  /** With a batch-writing store: the checkpoint of the batch being folded. */
  private checkpoint: { name: string; position: number } | undefined;
  /** With a batch-writing store: the batch handed over and not yet known committed. */
  private writing: Promise<void> | undefined;

  constructor(
    private readonly store: DocumentStore,
    options: WriteBackCacheOptions = {},
  ) {
    this.freshStore = options.freshStore ?? false;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  async get<T extends Document>(collection: string, id: string): Promise<VersionedDocument<T> | null> {
    return (await this.entry(collection, id)).current as VersionedDocument<T> | null;
  }

  async upsertIfNewer(collection: string, id: string, position: number, doc: Document): Promise<boolean> {
    // Newer than anything stored: whatever the store holds for it loses, so it is not read. The
    // entry's null is replaced by this document right below, before anyone can see it.
    const entry =
      this.freshStore && position > this.flushedUpTo
        ? (this.entriesOf(collection).get(id) ?? this.add(collection, id, null))
        : await this.entry(collection, id);
    if (entry.current && entry.current.position >= position) return false;
    entry.current = { id, position, doc };
    this.markDirty(collection, entry);
    return true;
  }

  async updateIfNewer(collection: string, id: string, position: number, patch: Document): Promise<boolean> {
    const entry = await this.entry(collection, id);
    if (!entry.current || entry.current.position >= position) return false;
    // A shallow merge, as every store applies a patch (MongoDB's $set).
    entry.current = { id, position, doc: { ...entry.current.doc, ...patch } };
    this.markDirty(collection, entry);
    return true;
  }

  async find<T extends Document>(collection: string, query: FindQuery): Promise<VersionedDocument<T>[]> {
    if (writesBatches(this.store)) {
      await this.handOver();
      await this.drain();
    } else {
      await this.flush();
    }
    return this.store.find<T>(collection, query);
  }

  /** Resolves once every batch handed to a batch-writing store is committed (rejects if one failed). */
  async drain(): Promise<void> {
    const writing = this.writing;
    this.writing = undefined;
    await writing;
  }

  /**
   * Writes every document changed since the last flush, once. Call it inside the batch's
   * transaction, before the checkpoint.
   */
  async flush(): Promise<void> {
    if (writesBatches(this.store)) throw new Error('a batch-writing store is written at the end of transaction()');
    const dirty = this.dirty;
    this.dirty = [];
    for (const { collection, entry } of dirty) {
      entry.dirty = false;
      const { current } = entry;
      if (!current) continue;
      // The position is newer than the stored one (checked when it was written here), so the
      // store's own condition passes and the whole document replaces the stored one.
      await this.store.upsertIfNewer(collection, current.id, current.position, current.doc);
      if (current.position > this.flushedUpTo) this.flushedUpTo = current.position;
    }
    if (this.entries > this.maxEntries) this.forget();
  }

  /**
   * Serializes what the batch changed and hands it, with its checkpoint, to the batch-writing
   * store, after the previous batch has committed: one batch commits while the next is folded.
   */
  private async handOver(): Promise<void> {
    const store = this.store as BatchWritingStore;
    const rows = new Map<string, CollectionRows>();
    for (const { collection, entry } of this.dirty) {
      entry.dirty = false;
      const { current } = entry;
      if (!current) continue;
      let columns = rows.get(collection);
      if (!columns) {
        columns = { ids: [], positions: [], bodies: [] };
        rows.set(collection, columns);
      }
      columns.ids.push(current.id);
      columns.positions.push(current.position);
      columns.bodies.push(JSON.stringify(current.doc));
      if (current.position > this.flushedUpTo) this.flushedUpTo = current.position;
    }
    this.dirty = [];
    const checkpoint = this.checkpoint;
    this.checkpoint = undefined;
    if (rows.size === 0 && !checkpoint) return;
    await this.drain();
    const writing = store.writeBatch(rows, checkpoint);
    // Awaited by the next handOver() or drain(); until then a failure must not go unhandled.
    writing.catch(() => undefined);
    this.writing = writing;
    if (this.entries > this.maxEntries) {
      // A document read from the store after this must include every write handed over.
      await this.drain();
      this.forget();
    }
  }

  /**
   * Forgets everything, pending writes included: the batch failed and its transaction rolls
   * back, so the next attempt starts from the store.
   */
  discard(): void {
    this.forget();
  }

  ensureCollections(collections: readonly string[]): Promise<void> {
    return this.store.ensureCollections(collections);
  }

  async ensureIndexes(indexes: readonly IndexSpec[]): Promise<void> {
    await this.drain();
    return this.store.ensureIndexes(indexes);
  }

  async getCheckpoint(projectionName: string): Promise<number | undefined> {
    await this.drain();
    return this.store.getCheckpoint(projectionName);
  }

  async saveCheckpoint(projectionName: string, position: number): Promise<void> {
    if (writesBatches(this.store)) {
      // Committed with the batch's documents by handOver().
      this.checkpoint = { name: projectionName, position };
      return;
    }
    // A checkpoint must never lead the documents it vouches for.
    await this.flush();
    await this.store.saveCheckpoint(projectionName, position);
  }

  /**
   * One batch: its writes are folded in memory, then committed together with its checkpoint, or
   * discarded if `fn` fails. With a batch-writing store, this resolves once the batch is handed
   * over: it commits while the caller folds the next one (drain() waits for it; a failure
   * surfaces at the next transaction() or drain()).
   */
  async transaction<R>(fn: () => Promise<R>): Promise<R> {
    if (writesBatches(this.store)) {
      try {
        const result = await fn();
        await this.handOver();
        return result;
      } catch (error) {
        this.discard();
        throw error;
      }
    }
    return this.store.transaction(async () => {
      try {
        const result = await fn();
        await this.flush();
        return result;
      } catch (error) {
        this.discard();
        throw error;
      }
    });
  }

  /** Closes nothing: the store belongs to whoever opened it. */
  async close(): Promise<void> {}

  private async entry(collection: string, id: string): Promise<Entry> {
    const cached = this.entriesOf(collection).get(id);
    if (cached) return cached;
    const current = await this.store.get(collection, id);
    // Looked up again after the await: a concurrent call (a read model reading several documents
    // at once) may have cached, and even written, this document meanwhile.
    return this.entriesOf(collection).get(id) ?? this.add(collection, id, current);
  }

  private add(collection: string, id: string, current: VersionedDocument | null): Entry {
    const entry: Entry = { current, dirty: false };
    this.entriesOf(collection).set(id, entry);
    this.entries++;
    return entry;
  }

  private markDirty(collection: string, entry: Entry): void {
    if (entry.dirty) return;
    entry.dirty = true;
    this.dirty.push({ collection, entry });
  }

  private forget(): void {
    this.collections.clear();
    this.dirty = [];
    this.entries = 0;
  }

  private entriesOf(collection: string): Map<string, Entry> {
    let entries = this.collections.get(collection);
    if (!entries) {
      entries = new Map();
      this.collections.set(collection, entries);
    }
    return entries;
  }
}
