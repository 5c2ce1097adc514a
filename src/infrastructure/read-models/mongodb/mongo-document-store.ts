import { Collection, Db, Filter, MongoClient, MongoServerError, Sort, UpdateFilter } from 'mongodb';
import { Document, DocumentStore, FindQuery, IndexSpec, VersionedDocument } from '../../../shared/application/document-store.port';

/** One stored document: the projection's document under `doc`, so its fields never meet ours. */
interface StoredDocument {
  _id: string;
  position: number;
  doc: Document;
}

/** A document of a published (stable) collection: which generation wrote it, for the switch. */
interface PublishedDocument extends StoredDocument {
  generation: string;
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

/**
 * Only text that a Date gives back unchanged becomes one, so that every read returns exactly the
 * text that was written (the SQLite store keeps the text): "2025-03-01T09:00:00Z" stays text.
 */
function asDate(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && date.toISOString() === value ? date : value;
}

/** The application sees ISO-8601 text wherever the database holds a date. */
function withIsoDates(doc: Document): Document {
  let copy: Document | undefined;
  for (const [field, value] of Object.entries(doc)) {
    if (value instanceof Date) (copy ??= { ...doc })[field] = value.toISOString();
  }
  return copy ?? doc;
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
 *
 * Dates: the fields a read model lists in `dateFields` are stored as BSON dates (what dashboards
 * query and group by) and read back as the same ISO-8601 text, so no query or caller changes.
 *
 * Publishing: publish() makes this store copy its generation into a database with stable names
 * and keep writing every change there too (see read-model-storage.ts for why a copy).
 */
export class MongoDocumentStore implements DocumentStore {
  private readonly collections = new Map<string, Collection<StoredDocument>>();
  private lastTransaction: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Set by publish(): where every write is copied, as which generation. */
  private published: { readonly db: Db; readonly generation: string } | undefined;

  /**
   * Connects (failing within 10 s if no server answers) and uses database `databaseName`.
   * `dateFields`: collection -> the top-level fields stored as BSON dates.
   */
  static async connect(
    url: string,
    databaseName: string,
    options: { dateFields?: Readonly<Record<string, readonly string[]>> } = {},
  ): Promise<MongoDocumentStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    try {
      await client.connect();
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
    return new MongoDocumentStore(client, client.db(databaseName), options.dateFields ?? {});
  }

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly dateFields: Readonly<Record<string, readonly string[]>>,
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
    const stored: StoredDocument = { _id: id, position, doc: this.toStored(collection, asJson(doc) as Document) };
    const update: UpdateFilter<StoredDocument> = { $set: { position, doc: stored.doc } };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      let failure: unknown;
      try {
        await documents.insertOne(stored);
      } catch (error) {
        // Network and driver errors go to the caller (the runner retries the batch).
        if (!(error instanceof MongoServerError)) throw error;
        failure = error;
      }
      if (failure === undefined) {
        await this.copyToPublished(collection, stored, { created: true });
        return true;
      }
      // Normally E11000: the document exists, and the conditional update decides.
      const outcome = await this.updateExisting(documents, id, position, update);
      if (outcome === 'wrote') {
        await this.copyToPublished(collection, stored);
        return true;
      }
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
      else set[`doc.${field}`] = this.isDateField(collection, field) ? asDate(json) : json;
    }
    const update = (Object.keys(unset).length ? { $set: set, $unset: unset } : { $set: set }) as UpdateFilter<StoredDocument>;
    const filter = { _id: id, position: { $lt: position } };
    if (this.published) {
      // The published copy gets the whole document as it now is, not the patch: its copy may
      // still come from another generation (see copyToPublished).
      const updated = await this.collection(collection).findOneAndUpdate(filter, update, { returnDocument: 'after' });
      if (updated) await this.copyToPublished(collection, updated);
      return updated !== null;
    }
    const result = await this.collection(collection).updateOne(filter, update);
    return result.matchedCount > 0;
  }

  async find<T extends Document>(collection: string, query: FindQuery): Promise<VersionedDocument<T>[]> {
    const documents = this.collection(collection);
    const clauses: Record<string, unknown>[] = [];
    const stored = (field: string, value: unknown) => (this.isDateField(collection, field) ? asDate(value) : value);
    for (const [field, value] of Object.entries(query.where ?? {})) clauses.push({ [fieldPath(field)]: stored(field, value) });
    const orderBy = query.orderBy ?? [];
    const after = query.after;
    if (after) {
      if (after.length !== orderBy.length) throw new Error('`after` needs one value per orderBy key');
      // k0 >= v0 AND (k0 > v0 OR (k0 = v0 AND k1 > v1) OR ...), with < for descending keys. The
      // redundant first term gives the planner a range on the index, as in the SQLite store.
      const [first] = orderBy;
      const afterValue = (i: number) => stored(orderBy[i].field, after[i]);
      clauses.push({ [fieldPath(first.field)]: { [first.direction === 'asc' ? '$gte' : '$lte']: afterValue(0) } });
      clauses.push({
        $or: orderBy.map((key, i) => ({
          ...Object.fromEntries(orderBy.slice(0, i).map((k, j) => [fieldPath(k.field), afterValue(j)])),
          [fieldPath(key.field)]: { [key.direction === 'asc' ? '$gt' : '$lt']: afterValue(i) },
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

  async ensureCollections(collections: readonly string[]): Promise<void> {
    await createCollections(this.db, collections);
  }

  async ensureIndexes(indexes: readonly IndexSpec[]): Promise<void> {
    await createIndexes(this.db, indexes);
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

  /**
   * Makes database `databaseName` show this store's generation under the same collection names,
   * document by document, and from then on copies every write there too. Runs between two
   * transactions (batches), so the copy misses no write of this store. A document of another
   * generation is replaced by this one's; at the end, documents no longer in this generation are
   * deleted. Until then a reader may see documents of both generations, each one whole, and no
   * document that both generations have is ever missing.
   */
  publish(databaseName: string, generation: string, indexes: readonly IndexSpec[], options: { copy?: boolean } = {}): Promise<void> {
    return this.transaction(async () => {
      const target = this.client.db(databaseName);
      this.published = { db: target, generation };
      await createIndexes(target, indexes);
      // Already published by this or another service: only the writes from now on are needed.
      if (options.copy === false) return;
      const names = (await this.db.listCollections({}, { nameOnly: true }).toArray())
        .map(({ name }) => name)
        .filter((name) => NAME.test(name));
      // The stable names show every collection of the generation, the empty ones too.
      await createCollections(target, names);
      for (const name of names) {
        for await (const stored of this.collection(name).find({})) await this.copyToPublished(name, stored, { replaceOthers: true });
      }
      for (const { name } of await target.listCollections({}, { nameOnly: true }).toArray()) {
        if (!NAME.test(name)) continue;
        // Only documents this store published (they carry a generation); anything else is not ours.
        await target.collection<PublishedDocument>(name).deleteMany({ generation: { $exists: true, $ne: generation } });
      }
    });
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

  /**
   * Writes one document, as stored here, to the published database. Outside publish() it only
   * creates a document or moves one of the same generation forward: a service still on the old
   * generation must not overwrite what the new one published (its switch publishes again).
   */
  private async copyToPublished(
    collection: string,
    stored: StoredDocument,
    options: { replaceOthers?: boolean; created?: boolean } = {},
  ): Promise<void> {
    if (!this.published) return;
    const { db, generation } = this.published;
    const target = db.collection<PublishedDocument>(collection);
    const fields = { position: stored.position, generation, doc: stored.doc };
    const sameGenerationOlder = { generation, position: { $lt: stored.position } };
    const filter: Filter<PublishedDocument> = options.replaceOthers
      ? { _id: stored._id, $or: [{ generation: { $ne: generation } }, { position: { $lt: stored.position } }] }
      : { _id: stored._id, ...sameGenerationOlder };
    const insert = async (): Promise<boolean> => {
      try {
        await target.insertOne({ _id: stored._id, ...fields });
        return true;
      } catch (error) {
        // It exists: newer, or of a generation this write must not replace, or for the update to decide.
        if (!isDuplicateKey(error)) throw error;
        return false;
      }
    };
    // A document just created here is most likely new there too: the insert first then saves
    // FerretDB a scan of the collection for the update (an insert is checked by its key alone).
    if (options.created && (await insert())) return;
    if ((await target.updateOne(filter, { $set: fields })).matchedCount > 0) return;
    if (!options.created) await insert();
  }

  private isDateField(collection: string, field: string): boolean {
    return this.dateFields[collection]?.includes(field) ?? false;
  }

  private toStored(collection: string, doc: Document): Document {
    const fields = this.dateFields[collection];
    if (!fields?.length) return doc;
    const stored = { ...doc };
    for (const field of fields) if (field in stored) stored[field] = asDate(stored[field]);
    return stored;
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
  return { id: stored._id, position: stored.position, doc: withIsoDates(stored.doc) as T };
}

/** MongoDB's (and FerretDB's) error code for creating a collection that exists. */
const NAMESPACE_EXISTS = 48;

async function createCollections(db: Db, collections: readonly string[]): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map(({ name }) => name));
  for (const collection of collections) {
    if (existing.has(collection)) continue;
    // Another process (a service next to a rebuild) may create it first: that is the same result.
    await db.createCollection(checkName('collection', collection)).catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== NAMESPACE_EXISTS) throw error;
    });
  }
}

async function createIndexes(db: Db, indexes: readonly IndexSpec[]): Promise<void> {
  for (const { collection, fields } of indexes) {
    const keys = Object.fromEntries(fields.map((field) => [fieldPath(field), 1 as const]));
    // Same name for the same key pattern: creating it again is a no-op.
    await db.collection(checkName('collection', collection)).createIndex(keys, { name: `ix_${fields.join('_')}` });
  }
}
