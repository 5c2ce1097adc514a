import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Collection, MongoClient } from 'mongodb';
import { ensurePrivateDirectory, PRIVATE_FILE_MODE, tightenFile } from '../../config/private-files';
import { DocumentStore } from '../../shared/application/document-store.port';
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
 */
export const INITIAL_GENERATION = 'initial';

export const POINTER_FILE_NAME = 'read-models.current';
export const REBUILD_LOCK_FILE_NAME = 'read-models.rebuild.lock';
export const DEFAULT_MONGO_DATABASE = 'invite_links';

export interface ReadModelStorageConfig {
  readonly dataDir: string;
  readonly readModelUrl?: string;
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
  pointer(): Promise<GenerationPointer>;
  currentGeneration(): Promise<string>;
  /**
   * Opens (creating it if needed) one generation's storage. The caller closes it. `bulkLoad`
   * (rebuilds, before the switch): writes need not survive a crash until the store is closed,
   * which makes them durable; a generation nobody points at is dropped when a rebuild fails.
   */
  openGeneration(generation: string, options?: { bulkLoad?: boolean }): Promise<DocumentStore>;
  /** Atomically makes `generation` the current one; it must exist. */
  switchTo(generation: string): Promise<void>;
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

export function assertGenerationName(generation: string): string {
  if (!GENERATION_NAME.test(generation) || generation === 'meta') {
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
  return config.readModelUrl
    ? new MongoReadModelStorage(config.readModelUrl)
    : new SqliteReadModelStorage(config.dataDir);
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

  constructor(private readonly dataDir: string) {
    this.pointerFile = join(dataDir, POINTER_FILE_NAME);
  }

  get description(): string {
    return `SQLite in ${this.dataDir}`;
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

  async openGeneration(generation: string, options: { bulkLoad?: boolean } = {}): Promise<DocumentStore> {
    const file = this.fileOf(generation);
    ensurePrivateDirectory(this.dataDir);
    // Earlier versions wrote the pointer 0644; switchTo writes it 0600.
    tightenFile(this.pointerFile);
    return new SqliteDocumentStore(file, options);
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
    const directory = openSync(this.dataDir, 'r');
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
  }

  async dropGeneration(generation: string): Promise<void> {
    const file = this.fileOf(generation);
    if ((await this.currentGeneration()) === generation) {
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
      .filter((name): name is string => name !== undefined && GENERATION_NAME.test(name));
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

/** The database named in a MongoDB URL's path, or DEFAULT_MONGO_DATABASE. */
export function mongoDatabaseOf(url: string): string {
  const path = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(url)?.[1] ?? '';
  return decodeURIComponent(path) || DEFAULT_MONGO_DATABASE;
}

export class MongoReadModelStorage implements ReadModelStorage {
  private readonly baseName: string;
  private client: Promise<MongoClient> | undefined;

  constructor(private readonly url: string) {
    this.baseName = mongoDatabaseOf(url);
  }

  get description(): string {
    return `MongoDB databases ${this.baseName}_*`;
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

  openGeneration(generation: string): Promise<DocumentStore> {
    return MongoDocumentStore.connect(this.url, this.databaseOf(generation));
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
      .filter((generation) => GENERATION_NAME.test(generation) && generation !== 'meta');
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
