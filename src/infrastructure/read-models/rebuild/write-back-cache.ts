import { Document, DocumentStore, FindQuery, IndexSpec, VersionedDocument } from '../../../shared/application/document-store.port';

interface Entry {
  /** null: the store has no such document (and no write of this batch created it). */
  current: VersionedDocument | null;
  /** Written during this batch: goes to the store at flush(). */
  dirty: boolean;
}

/**
 * A rebuild replays a history in which the same documents change again and again (a tenant and
 * its invite link by every join, a day's counter by every signup of that day). Written straight
 * through, each change is a read, a JSON parse, a JSON stringify and a row write. This store sits
 * in front of the generation's store for one batch: reads are served from what the batch already
 * read or wrote, conditional writes are decided here with the same position rules as the store,
 * and flush() writes each changed document once, before the batch's checkpoint, in the same
 * transaction. The documents that reach the store are exactly those projecting event by event
 * would have left there.
 *
 * find() is answered by the store after a flush of what is pending, so it is exact too; the
 * read models only read by id while projecting, so that path is not a hot one.
 */
export class WriteBackCache implements DocumentStore {
  private readonly collections = new Map<string, Map<string, Entry>>();

  constructor(private readonly store: DocumentStore) {}

  async get<T extends Document>(collection: string, id: string): Promise<VersionedDocument<T> | null> {
    return (await this.entry(collection, id)).current as VersionedDocument<T> | null;
  }

  async upsertIfNewer(collection: string, id: string, position: number, doc: Document): Promise<boolean> {
    const entry = await this.entry(collection, id);
    if (entry.current && entry.current.position >= position) return false;
    entry.current = { id, position, doc };
    entry.dirty = true;
    return true;
  }

  async updateIfNewer(collection: string, id: string, position: number, patch: Document): Promise<boolean> {
    const entry = await this.entry(collection, id);
    if (!entry.current || entry.current.position >= position) return false;
    // A shallow merge, as every store applies a patch (MongoDB's $set).
    entry.current = { id, position, doc: { ...entry.current.doc, ...patch } };
    entry.dirty = true;
    return true;
  }

  async find<T extends Document>(collection: string, query: FindQuery): Promise<VersionedDocument<T>[]> {
    await this.flush();
    return this.store.find<T>(collection, query);
  }

  /**
   * Writes every document changed since the last flush, once, and forgets everything cached:
   * the next batch starts from the store. Call it inside the batch's transaction, before the
   * checkpoint.
   */
  async flush(): Promise<void> {
    for (const [collection, entries] of this.collections) {
      for (const { current, dirty } of entries.values()) {
        // The position is newer than the stored one (checked when it was written here), so
        // the store's own condition passes and the whole document replaces the stored one.
        if (dirty && current) await this.store.upsertIfNewer(collection, current.id, current.position, current.doc);
      }
    }
    this.collections.clear();
  }

  /** Forgets pending writes: the batch failed and its transaction rolls back. */
  discard(): void {
    this.collections.clear();
  }

  ensureCollections(collections: readonly string[]): Promise<void> {
    return this.store.ensureCollections(collections);
  }

  ensureIndexes(indexes: readonly IndexSpec[]): Promise<void> {
    return this.store.ensureIndexes(indexes);
  }

  getCheckpoint(projectionName: string): Promise<number | undefined> {
    return this.store.getCheckpoint(projectionName);
  }

  async saveCheckpoint(projectionName: string, position: number): Promise<void> {
    // A checkpoint must never lead the documents it vouches for.
    await this.flush();
    await this.store.saveCheckpoint(projectionName, position);
  }

  /** One batch: flushed before `fn`'s result is committed, discarded if it fails. */
  transaction<R>(fn: () => Promise<R>): Promise<R> {
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
    const entries = this.entriesOf(collection);
    let entry = entries.get(id);
    if (!entry) {
      entry = { current, dirty: false };
      entries.set(id, entry);
    }
    return entry;
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
