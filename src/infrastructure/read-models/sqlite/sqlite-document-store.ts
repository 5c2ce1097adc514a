import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ensurePrivateDirectory } from '../../../config/private-files';
import { openSqliteInWal, retryWhileBusy } from '../../sqlite-open';
import { SqliteBatchWriter, TableRows } from './sqlite-batch-writer';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import { Document, DocumentStore, FindQuery, IndexSpec, VersionedDocument } from '../../../shared/application/document-store.port';

export const READ_MODELS_FILE_NAME = 'read-models.sqlite3';
const BUSY_TIMEOUT_MS = 5000;
/** How often the checkpointer thread copies the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 1000;
/**
 * SQLite's automatic checkpoint threshold, in pages, for a live store: 10x the default, a safety
 * net only (the checkpointer thread keeps the WAL far below it).
 */
const SAFETY_NET_CHECKPOINT_PAGES = 10_000;

type SqlValue = string | number;
interface Row {
  id: string;
  position: number;
  body: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkName(kind: string, name: string): string {
  // Collection and field names end up inside SQL text, so only plain identifiers get there.
  if (!NAME.test(name)) throw new Error(`Invalid ${kind} name: ${JSON.stringify(name)}`);
  return name;
}

const tableOf = (collection: string) => `"doc_${checkName('collection', collection)}"`;
/** The same text in indexes and queries, so SQLite can match the expression index. */
const fieldExpr = (field: string) => `json_extract(body, '$.${checkName('field', field)}')`;
const toSql = (value: string | number | boolean): SqlValue => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

/**
 * DocumentStore on a SQLite file of its own (not the event store's): one table per collection
 * holding each document as JSON text, with expression indexes on the queried fields.
 *
 * Durability: WAL with `synchronous=NORMAL`, so a commit writes the WAL but does not sync it.
 * That is safe here, unlike in the event store, for three reasons together:
 * - read models are derived: every document can be recomputed from the event log, which does
 *   sync every acknowledged append;
 * - the projection's checkpoint lives in this same file and commits in the same transaction as
 *   the documents of its batch, so after a crash or a power cut the file holds some prefix of
 *   the committed batches, documents and checkpoint agreeing (WAL recovery drops a torn tail;
 *   NORMAL never leaves a partly applied transaction behind);
 * - the runner resumes after that checkpoint, so what the lost tail held is projected again,
 *   and writes are position-guarded, so applying an event twice changes nothing.
 * What a crash costs is only time: the lost batches are re-projected on the next start. The
 * checkpoints that do sync run in a thread (SqliteCheckpointer), not on the event loop.
 */
export class SqliteDocumentStore implements DocumentStore {
  private readonly db: Database.Database;
  private readonly knownTables = new Set<string>();
  private readonly statements = new Map<string, Database.Statement>();
  private lastTransaction: Promise<unknown> = Promise.resolve();
  private closed = false;
  private batchWriter: SqliteBatchWriter | undefined;
  private readonly checkpointer: SqliteCheckpointer | undefined;

  /** The embedded profile's file: `${dataDir}/read-models.sqlite3`. */
  static inDataDir(dataDir: string): SqliteDocumentStore {
    ensurePrivateDirectory(dataDir);
    return new SqliteDocumentStore(join(dataDir, READ_MODELS_FILE_NAME));
  }

  /**
   * `filePath` may be ':memory:' (one connection, so the data lives as long as this object).
   * `bulkLoad` (a rebuild filling a generation nobody reads yet): commits are not synced at all
   * (`synchronous=OFF`) and close() makes everything durable at once with a synced checkpoint.
   */
  constructor(
    private readonly filePath: string,
    private readonly options: { bulkLoad?: boolean } = {},
  ) {
    // Two service instances starting together open the same new file at the same instant:
    // openSqliteInWal and retryWhileBusy make that safe (see there).
    this.db = openSqliteInWal(filePath, { busyTimeoutMs: BUSY_TIMEOUT_MS, synchronous: options.bulkLoad ? 'OFF' : 'NORMAL' });
    try {
      retryWhileBusy(
        () => this.db.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)'),
        BUSY_TIMEOUT_MS,
      );
    } catch (error) {
      this.db.close();
      throw error;
    }
    // A bulk load syncs nothing until close(), which checkpoints once; ':memory:' has no WAL.
    if (!options.bulkLoad && filePath !== ':memory:') {
      this.db.pragma(`wal_autocheckpoint = ${SAFETY_NET_CHECKPOINT_PAGES}`);
      this.checkpointer = new SqliteCheckpointer(filePath, CHECKPOINT_INTERVAL_MS);
    }
  }

  async get<T extends Document>(collection: string, id: string): Promise<VersionedDocument<T> | null> {
    const row = this.prepare<[string], Row>(`SELECT id, position, body FROM ${this.table(collection)} WHERE id = ?`)
      .get(id);
    return row ? toVersioned<T>(row) : null;
  }

  async upsertIfNewer(collection: string, id: string, position: number, doc: Document): Promise<boolean> {
    const table = this.table(collection);
    const result = this.prepare(
        `INSERT INTO ${table} (id, position, body) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET position = excluded.position, body = excluded.body
         WHERE ${table}.position < excluded.position`,
      )
      .run(id, position, JSON.stringify(doc));
    return result.changes > 0;
  }

  async updateIfNewer(collection: string, id: string, position: number, patch: Document): Promise<boolean> {
    // Read-merge-write in one synchronous turn: nothing can interleave with better-sqlite3.
    // A shallow merge (not SQLite's json_patch, where null deletes) matches MongoDB's $set.
    const table = this.table(collection);
    const row = this.prepare<[string], Row>(`SELECT id, position, body FROM ${table} WHERE id = ?`).get(id);
    if (!row || row.position >= position) return false;
    const body = { ...(JSON.parse(row.body) as Document), ...patch };
    this.prepare(`UPDATE ${table} SET position = ?, body = ? WHERE id = ?`).run(position, JSON.stringify(body), id);
    return true;
  }

  async find<T extends Document>(collection: string, query: FindQuery): Promise<VersionedDocument<T>[]> {
    const conditions: string[] = [];
    const params: SqlValue[] = [];
    for (const [field, value] of Object.entries(query.where ?? {})) {
      conditions.push(`${fieldExpr(field)} = ?`);
      params.push(toSql(value));
    }
    const orderBy = query.orderBy ?? [];
    if (query.after) {
      if (query.after.length !== orderBy.length) throw new Error('`after` needs one value per orderBy key');
      // k0 >= v0 AND ((k0 > v0) OR (k0 = v0 AND k1 > v1) OR ...), with < for descending keys.
      // The redundant first term is what lets SQLite seek in the index instead of scanning.
      const [first] = orderBy;
      conditions.push(`${fieldExpr(first.field)} ${first.direction === 'asc' ? '>=' : '<='} ?`);
      params.push(query.after[0]);
      const alternatives = orderBy.map((key, i) => {
        const equalities = orderBy.slice(0, i).map((k) => `${fieldExpr(k.field)} = ?`);
        params.push(...query.after!.slice(0, i), query.after![i]);
        return [...equalities, `${fieldExpr(key.field)} ${key.direction === 'asc' ? '>' : '<'} ?`].join(' AND ');
      });
      conditions.push(`(${alternatives.map((a) => `(${a})`).join(' OR ')})`);
    }
    let sql = `SELECT id, position, body FROM ${this.table(collection)}`;
    if (conditions.length) sql += ` WHERE ${conditions.join(' AND ')}`;
    if (orderBy.length) sql += ` ORDER BY ${orderBy.map((k) => `${fieldExpr(k.field)} ${k.direction.toUpperCase()}`).join(', ')}`;
    if (query.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(query.limit);
    }
    return this.prepare<SqlValue[], Row>(sql).all(...params).map((row) => toVersioned<T>(row));
  }

  async ensureCollections(collections: readonly string[]): Promise<void> {
    for (const collection of collections) this.table(collection);
  }

  async ensureIndexes(indexes: readonly IndexSpec[]): Promise<void> {
    for (const { collection, fields } of indexes) {
      const name = `"ix_${collection}_${fields.map((f) => checkName('field', f)).join('_')}"`;
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON ${this.table(collection)} (${fields.map(fieldExpr).join(', ')})`);
    }
  }

  async getCheckpoint(projectionName: string): Promise<number | undefined> {
    const row = this.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE name = ?')
      .get(projectionName);
    return row?.position;
  }

  async saveCheckpoint(projectionName: string, position: number): Promise<void> {
    this.prepare(
        `INSERT INTO checkpoints (name, position) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      )
      .run(projectionName, position);
  }

  transaction<R>(fn: () => Promise<R>): Promise<R> {
    // better-sqlite3's own transaction() cannot span awaits, so BEGIN/COMMIT by hand, one
    // transaction at a time on this connection. Queries share the connection; since every call
    // here is synchronous, a batch runs within one turn of the event loop and no request handler
    // gets to read it half-written.
    const run = async (): Promise<R> => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn();
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        // The rollback may have undone a CREATE TABLE made inside the transaction.
        this.knownTables.clear();
        throw error;
      }
    };
    const result = this.lastTransaction.then(run);
    this.lastTransaction = result.catch(() => undefined);
    return result;
  }

  /**
   * Bulk load only (a rebuild's generation): commits whole batches of documents, already folded
   * and serialized, with a checkpoint, in a worker thread that owns a second connection (see
   * SqliteBatchWriter). Resolves once committed there; batches commit in call order. The caller
   * must not rely on this connection seeing a batch before it resolves.
   */
  get writesBatches(): boolean {
    return this.options.bulkLoad === true && this.filePath !== ':memory:';
  }

  writeBatch(
    documents: ReadonlyMap<string, { ids: string[]; positions: number[]; bodies: string[] }>,
    checkpoint?: { name: string; position: number },
  ): Promise<void> {
    if (!this.writesBatches) throw new Error('writeBatch is for bulk loads into a file');
    this.batchWriter ??= new SqliteBatchWriter({ file: this.filePath, busyTimeoutMs: BUSY_TIMEOUT_MS });
    const tables: TableRows[] = [];
    for (const [collection, { ids, positions, bodies }] of documents) tables.push([this.table(collection), ids, positions, bodies]);
    return this.batchWriter.write(tables, checkpoint);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lastTransaction;
    await this.batchWriter?.close();
    await this.checkpointer?.close();
    if (this.options.bulkLoad) {
      // FULL makes the checkpoint sync the log, copy it into the database file and sync that.
      this.db.pragma('synchronous = FULL');
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
    this.db.close();
  }

  private prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  }

  private table(collection: string): string {
    const table = tableOf(collection);
    if (!this.knownTables.has(table)) {
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, position INTEGER NOT NULL, body TEXT NOT NULL)`);
      this.knownTables.add(table);
    }
    return table;
  }
}

function toVersioned<T extends Document>(row: Row): VersionedDocument<T> {
  return { id: row.id, position: row.position, doc: JSON.parse(row.body) as T };
}
