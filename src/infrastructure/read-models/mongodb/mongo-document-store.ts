import { Collection, Db, Filter, MongoClient, MongoServerError, Sort, UpdateFilter } from 'mongodb';
import { Document, DocumentStore, FindQuery, IndexSpec, VersionedDocument } from '../../../shared/application/document-store.port';

/** One stored document: the projection's document under `doc`, so its fields never meet ours. */
interface StoredDocument {
  _id: string;
  position: number;
  doc: Document;
}

interface StoredCheckpoint {
  _id: string;
  position: number;
}

/** Contains a hyphen, so no collection name accepted by checkName() can collide with it. */
export const CHECKPOINTS_COLLECTION = 'projection-checkpoints';

const DUPLICATE_KEY = 11000;
/** Rounds of "conditional write, then re-read" before giving up; only concurrent writers need more than two. */
const MAX_ATTEMPTS = 5;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkName(kind: string, name: string): string {
  // The same rule as the SQLite store, so that both adapters accept and refuse the same names.
  if (!NAME.test(name)) throw new Error(`Invalid ${kind} name: ${JSON.stringify(name)}`);
  return name;
}

const fieldPath = (field: string) => `doc.${checkName('field', field)}`;

/**
 * Stores exactly what the SQLite store stores: the document's JSON text. A JSON round trip gives
 * the same treatment of dates (ISO strings), undefined (dropped) and NaN (null) on both adapters.
 * Returns undefined for a value JSON cannot hold (undefined, a function), which SQLite drops.
 */
function asJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

type ExistingUpdate = 'wrote' | 'not-newer' | 'missing' | 'raced';

/**
 * DocumentStore on MongoDB: one collection per read-model collection, each document stored as
 * `{ _id: id, position, doc }`, checkpoints in CHECKPOINTS_COLLECTION. Queries filter and sort on
 * `doc.<field>`; ensureIndexes creates ascending compound indexes on the same paths (IndexSpec has
 * no directions, so a mixed-direction sort uses the index for its equality prefix and range, then
 * sorts in memory, as SQLite does with its temporary B-tree).
 *
 * Writes. Every write is atomic on its own single document, and conditional on the position:
 * - upsertIfNewer: insertOne first, then, if the document exists (E11000), the conditional update
 *   `updateOne({ _id, position: { $lt: p } }, { $set })` without upsert. Once the document exists
 *   that update's answer is exact (documents are never deleted): it matched, so this call wrote; or
 *   it did not, so the stored position is >= p, which a re-read confirms. This is the same
 *   compare-and-set as `updateOne(filter, update, { upsert: true })` with E11000 read as "exists",
 *   but it costs one round trip for a new document on both servers, where the upsert costs FerretDB a
 *   scan of the whole collection (see below): 112 ms per upsert against 1.6 ms per insert at 1,100
 *   documents, measured on FerretDB 1.24.2. E11000 is not read as "not newer" outright: another
 *   writer may have just inserted an older version, which the conditional update then replaces.
 * - updateIfNewer: the conditional update without upsert. A missing document stays missing.
 * - saveCheckpoint: `$max` with upsert on `_id` alone, so a checkpoint never moves backwards.
 *
 * Guarantees:
 * - Real MongoDB (standalone or replica set): safe with any number of concurrent writers on the
 *   same collections. Positions only grow and every write is an insert (fails if the document
 *   exists) or a compare-and-set on the position, so whatever the interleaving each document ends
 *   at the highest position offered, with that position's content, and each call's boolean is exact.
 * - FerretDB 1.x: correct with ONE writer at a time per document (in practice one projection runner
 *   per collection set, whose batches the transaction() chain below serializes). FerretDB evaluates
 *   an update's filter in Go on documents it has read, then writes the whole document back without
 *   re-checking, and an upsert is "find, then insert": two concurrent writers can lose an update or
 *   move a document back to an older position (measured: 10 concurrent conditional upserts of
 *   positions 1..10 on one id end anywhere from 4 to 10). Against the races that are visible (an
 *   insert failing with E11000 or any other error, an update that does not match a document that
 *   is older) the store re-reads the document and decides; lost updates no client can see or repair.
 *   FerretDB also never uses the indexes ensureIndexes creates (explain: filterPushdown false, SQLite
 *   SCAN); even an `_id` look-up scans the table in SQL, and any other filter decodes every document
 *   in Go. It is a test stand-in for MongoDB, not a production read-model store.
 *
 * Transactions: none (FerretDB has no multi-document transactions, and a replica set would be
 * needed on MongoDB). transaction(fn) just runs fn, one call after the other. That is correct
 * because (a) every write is position-guarded and idempotent, and (b) the projection runner saves
 * the checkpoint as the last write of a batch: a crash or an error in the middle of a batch leaves
 * the checkpoint at the previous batch, the batch is applied again, and the writes it had already
 * made are no-ops (their documents already hold that position or a newer one). Readers may see a
 * batch half-applied, i.e. some documents ahead of the runner's position, which read models allow:
 * they only promise to be at least as new as waitForPosition says.
 */
export class MongoDocumentStore implements DocumentStore {
  private readonly collections = new Map<string, Collection<StoredDocument>>();
  private lastTransaction: Promise<unknown> = Promise.resolve();
  private closed = false;

  /** Connects (failing within 10 s if no server answers) and uses database `databaseName`. */
  static async connect(url: string, databaseName: string): Promise<MongoDocumentStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    try {
      await client.connect();
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
    return new MongoDocumentStore(client, client.db(databaseName));
  }

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  get databaseName(): string {
    return this.db.databaseName;
  }

  async get<T extends Document>(collection: string, id: string): Promise<VersionedDocument<T> | null> {
    const stored = await this.collection(collection).findOne({ _id: id });
    return stored ? toVersioned<T>(stored) : null;
  }

  async upsertIfNewer(collection: string, id: string, position: number, doc: Document): Promise<boolean> {
    const documents = this.collection(collection);
    const stored: StoredDocument = { _id: id, position, doc: asJson(doc) as Document };
    const update: UpdateFilter<StoredDocument> = { $set: { position, doc: stored.doc } };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      let failure: unknown;
      try {
        await documents.insertOne(stored);
        return true;
      } catch (error) {
        // Network and driver errors go to the caller (the runner retries the batch).
        if (!(error instanceof MongoServerError)) throw error;
        failure = error;
      }
      // Normally E11000: the document exists, and the conditional update decides.
      const outcome = await this.updateExisting(documents, id, position, update);
      if (outcome === 'wrote') return true;
      if (outcome === 'not-newer') return false;
      // Still missing after a failed insert: the failure was not about the document existing.
      if (outcome === 'missing' && !isDuplicateKey(failure)) throw failure;
    }
    throw new Error(`upsertIfNewer(${collection}, ${id}, ${position}) did not settle in ${MAX_ATTEMPTS} attempts`);
  }

  async updateIfNewer(collection: string, id: string, position: number, patch: Document): Promise<boolean> {
    // Field by field, like the SQLite store's shallow merge; a field set to undefined disappears
    // there (JSON.stringify drops it), so it is unset here.
    const set: Record<string, unknown> = { position };
    const unset: Record<string, ''> = {};
    for (const [field, value] of Object.entries(patch)) {
      if (field === '' || field.startsWith('$') || field.includes('.')) {
        throw new Error(`Invalid field name: ${JSON.stringify(field)}`);
      }
      const json = asJson(value);
      if (json === undefined) unset[`doc.${field}`] = '';
      else set[`doc.${field}`] = json;
    }
    const update = (Object.keys(unset).length ? { $set: set, $unset: unset } : { $set: set }) as UpdateFilter<StoredDocument>;
    const result = await this.collection(collection).updateOne({ _id: id, position: { $lt: position } }, update);
    return result.matchedCount > 0;
  }

  async find<T extends Document>(collection: string, query: FindQuery): Promise<VersionedDocument<T>[]> {
    const documents = this.collection(collection);
    const clauses: Record<string, unknown>[] = [];
    for (const [field, value] of Object.entries(query.where ?? {})) clauses.push({ [fieldPath(field)]: value });
    const orderBy = query.orderBy ?? [];
    const after = query.after;
    if (after) {
      if (after.length !== orderBy.length) throw new Error('`after` needs one value per orderBy key');
      // k0 >= v0 AND (k0 > v0 OR (k0 = v0 AND k1 > v1) OR ...), with < for descending keys. The
      // redundant first term gives the planner a range on the index, as in the SQLite store.
      const [first] = orderBy;
      clauses.push({ [fieldPath(first.field)]: { [first.direction === 'asc' ? '$gte' : '$lte']: after[0] } });
      clauses.push({
        $or: orderBy.map((key, i) => ({
          ...Object.fromEntries(orderBy.slice(0, i).map((k, j) => [fieldPath(k.field), after[j]])),
          [fieldPath(key.field)]: { [key.direction === 'asc' ? '$gt' : '$lt']: after[i] },
        })),
      });
    }
    // SQL's LIMIT 0 returns nothing where MongoDB's limit(0) means "no limit".
    if (query.limit === 0) return [];
    const filter = (clauses.length === 0 ? {} : clauses.length === 1 ? clauses[0] : { $and: clauses }) as Filter<StoredDocument>;
    let cursor = documents.find(filter);
    if (orderBy.length) {
      // Insertion order of the keys is the sort order ("doc.x" is never an integer-like key).
      cursor = cursor.sort(Object.fromEntries(orderBy.map((k) => [fieldPath(k.field), k.direction === 'asc' ? 1 : -1])) as Sort);
    }
    // A negative LIMIT means no limit in SQLite; in MongoDB it would mean "one batch".
    if (query.limit !== undefined && query.limit > 0) cursor = cursor.limit(query.limit);
    return (await cursor.toArray()).map((stored) => toVersioned<T>(stored));
  }

  async ensureIndexes(indexes: readonly IndexSpec[]): Promise<void> {
    for (const { collection, fields } of indexes) {
      const keys = Object.fromEntries(fields.map((field) => [fieldPath(field), 1 as const]));
      // Same name for the same key pattern: creating it again is a no-op.
      await this.collection(collection).createIndex(keys, { name: `ix_${fields.join('_')}` });
    }
  }

  async getCheckpoint(projectionName: string): Promise<number | undefined> {
    const checkpoint = await this.checkpoints().findOne({ _id: projectionName });
    return checkpoint?.position;
  }

  async saveCheckpoint(projectionName: string, position: number): Promise<void> {
    const update: UpdateFilter<StoredCheckpoint> = { $max: { position } };
    try {
      await this.checkpoints().updateOne({ _id: projectionName }, update, { upsert: true });
    } catch (error) {
      // Two first saves raced and the other one inserted: the document exists now.
      if (!isDuplicateKey(error)) throw error;
      await this.checkpoints().updateOne({ _id: projectionName }, update);
    }
  }

  transaction<R>(fn: () => Promise<R>): Promise<R> {
    // No multi-document transaction (see the class comment): one call after the other.
    const result = this.lastTransaction.then(fn);
    this.lastTransaction = result.catch(() => undefined);
    return result;
  }

  /** Drops the whole database: tests and discarded rebuilds only. */
  async dropDatabase(): Promise<void> {
    await this.db.dropDatabase();
    this.collections.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lastTransaction;
    await this.client.close();
  }

  /**
   * The conditional update without upsert, for a document that should exist. Its "no match" is
   * ambiguous (missing, or not older), so a re-read tells which.
   */
  private async updateExisting(
    documents: Collection<StoredDocument>,
    id: string,
    position: number,
    update: UpdateFilter<StoredDocument>,
  ): Promise<ExistingUpdate> {
    const result = await documents.updateOne({ _id: id, position: { $lt: position } }, update);
    if (result.matchedCount > 0) return 'wrote';
    const current = await documents.findOne({ _id: id }, { projection: { position: 1 } });
    if (!current) return 'missing';
    // Older than us yet not matched: only a non-atomic server (FerretDB) racing writers gets here.
    return current.position >= position ? 'not-newer' : 'raced';
  }

  private collection(name: string): Collection<StoredDocument> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = this.db.collection<StoredDocument>(checkName('collection', name));
      this.collections.set(name, collection);
    }
    return collection;
  }

  private checkpoints(): Collection<StoredCheckpoint> {
    return this.db.collection<StoredCheckpoint>(CHECKPOINTS_COLLECTION);
  }
}

function toVersioned<T extends Document>(stored: StoredDocument): VersionedDocument<T> {
  return { id: stored._id, position: stored.position, doc: stored.doc as T };
}
