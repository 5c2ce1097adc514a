import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { Collection, MongoClient } from 'mongodb';
import { ensurePrivateDirectory, PRIVATE_FILE_MODE, tightenFile } from '../../config/private-files';
import { DocumentStore } from '../../shared/application/document-store.port';
import { Projection } from '../../shared/application/projection.port';
import { MongoDocumentStore } from './mongodb/mongo-document-store';
import { READ_MODELS_FILE_NAME, SqliteDocumentStore } from './sqlite/sqlite-document-store';

/**
 * Read-model storage comes in GENERATIONS: a rebuild fills a fresh generation from the event
 * log while the service keeps reading the current one, then moves a pointer to it in one atomic
 * step. Running services watch the pointer (ReadModelHost) and switch over by themselves.
 *
 * - SQLite (READ_MODEL_URL unset): generation `g` lives in `DATA_DIR/read-models-g.sqlite3`; the
 *   pointer is `DATA_DIR/read-models.current`, replaced by write-temp-then-rename. Without a
 *   pointer the generation is INITIAL_GENERATION, which is the file installations have always
 *   used, `read-models.sqlite3`: existing data directories and fresh ones need no migration.
 * - MongoDB (READ_MODEL_URL=mongodb://host/db): generation `g` is database `<db>_g` (db from the
 *   URL path, default `invite_links`); the pointer is the one document of `<db>_meta.generations`.
 *
 * STABLE NAMES, for dashboards: generation names change at every rebuild, so readers outside the
 * service read names that never change and always show one complete generation.
 * - SQLite: `DATA_DIR/read-models-current.sqlite3`, a symbolic link to the current generation's
 *   file, replaced by write-temp-then-rename at each switch (a reader opens the old generation or
 *   the new one, whole; one already open keeps the file it opened).
 * - MongoDB: database `<db>` itself, the same collection names. FerretDB 1.24 has no views, no
 *   renameCollection with dropTarget, no cross-database rename and no $out, so nothing swaps a
 *   collection atomically there: the service PUBLISHES its generation into `<db>` document by
 *   document and then writes every change to both (MongoDocumentStore.publish). Each document is
 *   replaced whole; during a switch a collection mixes documents of both generations.
 * The previous generation is kept for a grace period (READ_MODEL_GRACE_SECONDS) before it is
 * dropped, so a reader that still has it open, or an operator going back, finds it whole.
 */
export const INITIAL_GENERATION = 'initial';

export const POINTER_FILE_NAME = 'read-models.current';
export const REBUILD_LOCK_FILE_NAME = 'read-models.rebuild.lock';
export const DEFAULT_MONGO_DATABASE = 'invite_links';
/** The SQLite stable name: a symbolic link to the current generation's file. */
export const STABLE_FILE_NAME = 'read-models-current.sqlite3';
export const DEFAULT_GRACE_SECONDS = 3600;

export interface ReadModelStorageConfig {
  readonly dataDir: string;
  readonly readModelUrl?: string;
  /** How long the previous generation is kept after a switch. Default DEFAULT_GRACE_SECONDS. */
  readonly readModelGraceSeconds?: number;
}

export interface OpenGenerationOptions {
  /** See ReadModelStorage.openGeneration. */
  readonly bulkLoad?: boolean;
  /** The projection's date fields (collection -> fields), for stores with a native date type. */
  readonly dateFields?: Projection['dateFields'];
}

export interface GenerationPointer {
  readonly generation: string;
  /** The generation the last switch left: dropped by whoever retires it (see ReadModelHost). */
  readonly previous?: string;
  readonly switchedAt?: string;
}

export interface RebuildLock {
  /** True when no other rebuild can run meanwhile, so leftovers of killed ones may be dropped. */
  readonly exclusive: boolean;
  release(): Promise<void>;
}

export interface ReadModelStorage {
  /** Where the read models live, for messages (never holds credentials). */
  readonly description: string;
  /** The names dashboards read, for messages. */
  readonly stableNames: string;
  /** How long a generation is kept once the pointer has moved away from it. */
  readonly previousGenerationGraceMs: number;
  pointer(): Promise<GenerationPointer>;
  currentGeneration(): Promise<string>;
  /**
   * Opens (creating it if needed) one generation's storage. The caller closes it. `bulkLoad`
   * (rebuilds, before the switch): writes need not survive a crash until the store is closed,
   * which makes them durable; a generation nobody points at is dropped when a rebuild fails.
   */
  openGeneration(generation: string, options?: OpenGenerationOptions): Promise<DocumentStore>;
  /** Atomically makes `generation` the current one; it must exist. */
  switchTo(generation: string): Promise<void>;
  /**
   * Makes the stable names show `generation`, which must be the current one, through `store`
   * (the service's open store of it; see the top of this file). `afterSwitch`: the stable names
   * may still show another generation, whatever was recorded.
   */
  publish(generation: string, store: DocumentStore, projection: Projection, options?: { afterSwitch?: boolean }): Promise<void>;
  /** Deletes a generation's storage; a missing one is fine, the current one is refused. */
  dropGeneration(generation: string): Promise<void>;
  /** Generations whose storage exists (MongoDB: only those the user may list). */
  listGenerations(): Promise<string[]>;
  /** One rebuild at a time, so that one can clean up what a killed rebuild left behind. */
  acquireRebuildLock(): Promise<RebuildLock>;
  close(): Promise<void>;
}

// Lower case, digits and dashes: safe in file names and MongoDB database names alike, and a
// pointer that was tampered with cannot name a path outside DATA_DIR.
const GENERATION_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** `meta` names MongoDB's pointer database, `current` the SQLite stable link. */
const RESERVED_NAMES = new Set(['meta', 'current']);

export function assertGenerationName(generation: string): string {
  if (!GENERATION_NAME.test(generation) || RESERVED_NAMES.has(generation)) {
    throw new Error(`Invalid read-model generation name: ${JSON.stringify(generation)}`);
  }
  return generation;
}

/** `YYYYMMDD-HHMMSS-xxxxxx` (UTC): sorts by creation time, unique enough for two rebuilds a second. */
export function newGenerationName(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function readModelStorageFor(config: ReadModelStorageConfig): ReadModelStorage {
  const graceMs = (config.readModelGraceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000;
  return config.readModelUrl
    ? new MongoReadModelStorage(config.readModelUrl, { graceMs })
    : new SqliteReadModelStorage(config.dataDir, { graceMs });
}

async function withStorage<R>(config: ReadModelStorageConfig, fn: (storage: ReadModelStorage) => Promise<R>): Promise<R> {
  const storage = readModelStorageFor(config);
  try {
    return await fn(storage);
  } finally {
    await storage.close();
  }
}

export const currentGeneration = (config: ReadModelStorageConfig): Promise<string> =>
  withStorage(config, (storage) => storage.currentGeneration());

/** The returned store holds its own connection: closing it is the caller's business. */
export const openGeneration = (config: ReadModelStorageConfig, generation: string): Promise<DocumentStore> =>
  withStorage(config, (storage) => storage.openGeneration(generation));

export const switchTo = (config: ReadModelStorageConfig, generation: string): Promise<void> =>
  withStorage(config, (storage) => storage.switchTo(generation));

export const dropGeneration = (config: ReadModelStorageConfig, generation: string): Promise<void> =>
  withStorage(config, (storage) => storage.dropGeneration(generation));

function parsePointer(text: string): GenerationPointer {
  const trimmed = text.trim();
  // A bare name is accepted too, so that an operator can point back by hand with `echo`.
  const value = (trimmed.startsWith('{') ? JSON.parse(trimmed) : { generation: trimmed }) as Partial<GenerationPointer>;
  if (typeof value.generation !== 'string') throw new Error('the read-model pointer names no generation');
  return {
    generation: assertGenerationName(value.generation),
    ...(typeof value.previous === 'string' ? { previous: assertGenerationName(value.previous) } : {}),
    ...(typeof value.switchedAt === 'string' ? { switchedAt: value.switchedAt } : {}),
  };
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

export class SqliteReadModelStorage implements ReadModelStorage {
  private readonly pointerFile: string;
  readonly stableFile: string;
  readonly previousGenerationGraceMs: number;

  constructor(
    private readonly dataDir: string,
    options: { graceMs?: number } = {},
  ) {
    this.pointerFile = join(dataDir, POINTER_FILE_NAME);
    this.stableFile = join(dataDir, STABLE_FILE_NAME);
    this.previousGenerationGraceMs = options.graceMs ?? DEFAULT_GRACE_SECONDS * 1000;
  }

  get description(): string {
    return `SQLite in ${this.dataDir}`;
  }

  get stableNames(): string {
    return this.stableFile;
  }

  fileOf(generation: string): string {
    assertGenerationName(generation);
    return join(this.dataDir, generation === INITIAL_GENERATION ? READ_MODELS_FILE_NAME : `read-models-${generation}.sqlite3`);
  }

  async pointer(): Promise<GenerationPointer> {
    let text: string;
    try {
      text = readFileSync(this.pointerFile, 'utf8');
    } catch (error) {
      if (isMissing(error)) return { generation: INITIAL_GENERATION };
      throw error;
    }
    return parsePointer(text);
  }

  async currentGeneration(): Promise<string> {
    return (await this.pointer()).generation;
  }

  async openGeneration(generation: string, options: OpenGenerationOptions = {}): Promise<DocumentStore> {
    const file = this.fileOf(generation);
    ensurePrivateDirectory(this.dataDir);
    // Earlier versions wrote the pointer 0644; switchTo writes it 0600.
    tightenFile(this.pointerFile);
    // SQLite keeps dates as the ISO-8601 text the read models write.
    return new SqliteDocumentStore(file, { bulkLoad: options.bulkLoad });
  }

  /** Creates or moves the stable link; a data directory from before stable names gets it here. */
  async publish(generation: string): Promise<void> {
    if ((await this.currentGeneration()) !== generation) return; // a newer switch linked its own
    this.linkStable(generation);
  }

  /** The generation the stable link names, if there is one. */
  stableGeneration(): string | undefined {
    let target: string;
    try {
      target = readlinkSync(this.stableFile);
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EINVAL') return undefined;
      throw error;
    }
    if (target === READ_MODELS_FILE_NAME) return INITIAL_GENERATION;
    return /^read-models-([a-z0-9][a-z0-9-]*)\.sqlite3$/.exec(target)?.[1];
  }

  /**
   * Readers open the link by name and SQLite follows it to the generation's file (its -wal and
   * -shm are found next to the target). The target is relative, so the data directory may be
   * mounted anywhere. A new link is renamed over the old one: there is no instant without it.
   */
  private linkStable(generation: string): void {
    if (this.stableGeneration() === generation) return;
    const target = basename(this.fileOf(generation));
    const temporary = `${this.stableFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    symlinkSync(target, temporary);
    try {
      renameSync(temporary, this.stableFile);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
    syncDirectory(this.dataDir);
  }

  async switchTo(generation: string): Promise<void> {
    if (!existsSync(this.fileOf(generation))) throw new Error(`read-model generation ${generation} does not exist`);
    const current = await this.pointer();
    if (current.generation === generation) return;
    const pointer: GenerationPointer = { generation, previous: current.generation, switchedAt: new Date().toISOString() };
    // Readers see the old pointer or the new one, never a torn file: rename is atomic, and the
    // fsyncs make the switch survive a power cut in that order.
    const temporary = `${this.pointerFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(temporary, 'wx', PRIVATE_FILE_MODE);
    try {
      writeSync(fd, `${JSON.stringify(pointer)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(temporary, this.pointerFile);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
    syncDirectory(this.dataDir);
    // The rebuild's generation is complete (closed, checkpointed): dashboards may read it now,
    // whether or not a service runs to follow the pointer.
    this.linkStable(generation);
  }

  async dropGeneration(generation: string): Promise<void> {
    const file = this.fileOf(generation);
    if ((await this.currentGeneration()) === generation || this.stableGeneration() === generation) {
      throw new Error(`read-model generation ${generation} is the current one: it cannot be dropped`);
    }
    for (const suffix of ['-wal', '-shm', '-journal', '']) rmSync(`${file}${suffix}`, { force: true });
  }

  async listGenerations(): Promise<string[]> {
    let names: string[];
    try {
      names = readdirSync(this.dataDir);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const generations = names
      .map((name) => /^read-models-([a-z0-9][a-z0-9-]*)\.sqlite3$/.exec(name)?.[1])
      .filter((name): name is string => name !== undefined && GENERATION_NAME.test(name) && !RESERVED_NAMES.has(name));
    return names.includes(READ_MODELS_FILE_NAME) ? [INITIAL_GENERATION, ...generations] : generations;
  }

  async acquireRebuildLock(): Promise<RebuildLock> {
    ensurePrivateDirectory(this.dataDir);
    const file = join(this.dataDir, REBUILD_LOCK_FILE_NAME);
    const me = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
        try {
          writeSync(fd, JSON.stringify(me));
        } finally {
          closeSync(fd);
        }
        return { exclusive: true, release: async () => rmSync(file, { force: true }) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      }
      const holder = readLockHolder(file);
      if (holder && isAlive(holder)) {
        throw new Error(
          `another rebuild is running (pid ${holder.pid} on ${holder.host} since ${holder.since}); ` +
            `if it is not, delete ${file}`,
        );
      }
      // Left behind by a rebuild that was killed: take it over.
      rmSync(file, { force: true });
    }
  }

  async close(): Promise<void> {}
}

function syncDirectory(directory: string): void {
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

function readLockHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined; // unreadable or half-written: treated as stale
  }
}

function isAlive(holder: LockHolder): boolean {
  // A process on another machine (a shared volume) cannot be checked: assume it runs.
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface PointerDocument {
  _id: 'current';
  generation: string;
  previous?: string;
  switchedAt: Date;
}

/** Which generation the stable database shows, written once a publication is complete. */
interface PublicationDocument {
  _id: 'published';
  generation: string;
  publishedAt: Date;
}

/** The database named in a MongoDB URL's path, or DEFAULT_MONGO_DATABASE. */
export function mongoDatabaseOf(url: string): string {
  const path = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(url)?.[1] ?? '';
  return decodeURIComponent(path) || DEFAULT_MONGO_DATABASE;
}

export class MongoReadModelStorage implements ReadModelStorage {
  private readonly baseName: string;
  private client: Promise<MongoClient> | undefined;
  readonly previousGenerationGraceMs: number;

  constructor(
    private readonly url: string,
    options: { graceMs?: number } = {},
  ) {
    this.baseName = mongoDatabaseOf(url);
    this.previousGenerationGraceMs = options.graceMs ?? DEFAULT_GRACE_SECONDS * 1000;
  }

  get description(): string {
    return `MongoDB databases ${this.baseName}_*`;
  }

  /** The database dashboards read. */
  get stableDatabase(): string {
    return this.baseName;
  }

  get stableNames(): string {
    return `MongoDB database ${this.baseName}`;
  }

  databaseOf(generation: string): string {
    return `${this.baseName}_${assertGenerationName(generation)}`;
  }

  async pointer(): Promise<GenerationPointer> {
    const found = await (await this.pointers()).findOne({ _id: 'current' });
    if (!found) return { generation: INITIAL_GENERATION };
    return {
      generation: assertGenerationName(found.generation),
      ...(found.previous ? { previous: assertGenerationName(found.previous) } : {}),
      switchedAt: found.switchedAt.toISOString(),
    };
  }

  async currentGeneration(): Promise<string> {
    return (await this.pointer()).generation;
  }

  openGeneration(generation: string, options: OpenGenerationOptions = {}): Promise<DocumentStore> {
    return MongoDocumentStore.connect(this.url, this.databaseOf(generation), { dateFields: options.dateFields });
  }

  async publish(generation: string, store: DocumentStore, projection: Projection, options: { afterSwitch?: boolean } = {}): Promise<void> {
    if (!(store instanceof MongoDocumentStore)) throw new Error('only a MongoDB store can publish to MongoDB');
    const meta = (await this.connect()).db(`${this.baseName}_meta`).collection<PublicationDocument>('generations');
    // A restart of a service whose generation is already published skips the copy; after a
    // switch, a service that lagged may have written old documents since, so it copies again.
    const published = options.afterSwitch ? null : await meta.findOne({ _id: 'published' });
    await store.publish(this.baseName, generation, projection.indexes, { copy: published?.generation !== generation });
    await meta.updateOne({ _id: 'published' }, { $set: { generation, publishedAt: new Date() } }, { upsert: true });
  }

  async switchTo(generation: string): Promise<void> {
    this.databaseOf(generation);
    const current = await this.pointer();
    if (current.generation === generation) return;
    // One document, one update: readers see the old pointer or the new one.
    await (await this.pointers()).updateOne(
      { _id: 'current' },
      { $set: { generation, previous: current.generation, switchedAt: new Date() } },
      { upsert: true },
    );
  }

  async dropGeneration(generation: string): Promise<void> {
    const name = this.databaseOf(generation);
    if ((await this.currentGeneration()) === generation) {
      throw new Error(`read-model generation ${generation} is the current one: it cannot be dropped`);
    }
    const store = await MongoDocumentStore.connect(this.url, name);
    try {
      await store.dropDatabase();
    } finally {
      await store.close();
    }
  }

  async listGenerations(): Promise<string[]> {
    const client = await this.connect();
    const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true, authorizedDatabases: true });
    const prefix = `${this.baseName}_`;
    return databases
      .map(({ name }) => (name.startsWith(prefix) ? name.slice(prefix.length) : ''))
      .filter((generation) => GENERATION_NAME.test(generation) && !RESERVED_NAMES.has(generation));
  }

  /**
   * Not enforced on MongoDB (its instances may run anywhere): concurrent rebuilds still end
   * consistent, the last switch wins. Only the embedded profile cleans up after killed rebuilds.
   */
  async acquireRebuildLock(): Promise<RebuildLock> {
    return { exclusive: false, release: async () => undefined };
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await (await client.catch(() => undefined))?.close();
  }

  private connect(): Promise<MongoClient> {
    this.client ??= MongoClient.connect(this.url).catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  private async pointers(): Promise<Collection<PointerDocument>> {
    return (await this.connect()).db(`${this.baseName}_meta`).collection<PointerDocument>('generations');
  }
}
