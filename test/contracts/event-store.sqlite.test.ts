import { transformFileSync } from '@swc/core';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { ThreadWriter } from '../../src/infrastructure/event-store/sqlite/sqlite-writer';
import { EventStore, EventToAppend } from '../../src/shared/application/event-store.port';
import { aStreamName, anEvent, describeEventStoreContract, eventually, subscribeTo } from './event-store.contract';
import { holdWriteLockInAnotherProcess } from './sqlite-lock-holder';

const root = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
let files = 0;
const aDatabaseFile = (): string => join(root, `events-${++files}.sqlite3`);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A store written before the audit chain: rows as the adapter inserted them then. */
async function appendUnchained(store: EventStore, streamName: string, events: readonly EventToAppend[]): Promise<void> {
  const { db } = store as unknown as { db: Database.Database };
  const insert = db.prepare(
    'INSERT INTO events (id, stream_name, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  events.forEach((event, revision) =>
    insert.run(event.id, streamName, revision, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), new Date().toISOString()),
  );
}

// A file: the writes go through the writer thread, the reads through this thread's connection.
describeEventStoreContract(
  'SQLite file (writer thread)',
  () => new SqliteEventStore(aDatabaseFile(), { pollIntervalMs: 20 }),
  undefined,
  appendUnchained,
);

// ':memory:' cannot be opened by another thread: the same group commit runs on this thread.
describeEventStoreContract(
  'SQLite :memory: (writes on the calling thread)',
  () => new SqliteEventStore(':memory:', { pollIntervalMs: 20 }),
  undefined,
  appendUnchained,
);

describe('SqliteEventStore', () => {
  // Closing stops subscriptions, whose poll timers would otherwise keep Jest alive after a failure.
  const opened: SqliteEventStore[] = [];
  const open = (...args: ConstructorParameters<typeof SqliteEventStore>): SqliteEventStore => {
    const store = new SqliteEventStore(...args);
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it('puts the file in WAL mode', async () => {
    const file = aDatabaseFile();
    await open(file).close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('acknowledges appends only with synchronous=FULL and waits for other writers', async () => {
    const store = open(aDatabaseFile(), { busyTimeoutMs: 1234 });
    // The connection is private; these settings are per connection, so no other handle can see them.
    const { db, writer } = store as unknown as { db: Database.Database; writer: ThreadWriter };
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    // The connection that commits the appends is the writer thread's: it reports its own settings.
    expect(writer).toBeInstanceOf(ThreadWriter);
    expect(await writer.settings()).toEqual({ synchronous: 2, busyTimeoutMs: 1234 });
    await store.close();
  });

  it('wakes its subscriptions on its own appends instead of waiting for the next poll', async () => {
    const store = open(aDatabaseFile(), { pollIntervalMs: 60_000 });
    const stream = aStreamName();
    let caughtUp = false;
    const { delivered, subscription } = subscribeTo(store, stream, { onCaughtUp: () => (caughtUp = true) });
    await eventually(() => expect(caughtUp).toBe(true));
    await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
    await eventually(() => expect(delivered).toHaveLength(1), 1000);
    await subscription.stop();
    await store.close();
  });

  it('reports an empty store as having no head and catches up at undefined', async () => {
    const store = open(aDatabaseFile());
    expect(await store.headPosition()).toBeUndefined();
    expect(await store.readAll()).toEqual([]);
    const caughtUpAt: (number | undefined)[] = [];
    const subscription = store.subscribeToAll({ handler: () => undefined, onCaughtUp: (p) => caughtUpAt.push(p) });
    await eventually(() => expect(caughtUpAt).toEqual([undefined]));
    await subscription.stop();
    await store.close();
  });

  it('keeps events across close and reopen', async () => {
    const file = aDatabaseFile();
    const stream = aStreamName();
    const event = anEvent();
    const first = open(file);
    const appended = await first.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
    await first.close();

    const reopened = open(file);
    const [stored] = await reopened.readStream(stream);
    expect(stored).toMatchObject({ id: event.id, data: event.data, metadata: event.metadata });
    expect(await reopened.headPosition()).toBe(appended.position);
    await reopened.close();
  });

  it("lets a second instance on the same file see the first one's appends through its subscription", async () => {
    const file = aDatabaseFile();
    const writer = open(file);
    const reader = open(file, { pollIntervalMs: 20 });
    const stream = aStreamName();
    const { delivered, subscription } = subscribeTo(reader, stream, {});
    await writer.appendToStream(stream, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
    await eventually(() => expect(delivered).toHaveLength(2));
    await writer.appendToStream(stream, [anEvent()], { expectedRevision: 1 });
    await eventually(() => expect(delivered.map((event) => event.revision)).toEqual([0, 1, 2]));
    await subscription.stop();
    await Promise.all([writer.close(), reader.close()]);
  });

  it('refuses a batch that replays only some stored event ids', async () => {
    const store = open(aDatabaseFile());
    const stream = aStreamName();
    const stored = anEvent();
    await store.appendToStream(stream, [stored], { expectedRevision: 'no_stream' });
    await expect(store.appendToStream(stream, [stored, anEvent()], { expectedRevision: 'any' })).rejects.toThrow(
      /already exist.*not an exact replay/,
    );
    expect(await store.readStream(stream)).toHaveLength(1);
    await store.close();
  });

  it('refuses stored event ids replayed at other revisions or in another stream', async () => {
    const store = open(aDatabaseFile());
    const stream = aStreamName();
    const batch = [anEvent()];
    await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
    await store.appendToStream(stream, batch, { expectedRevision: 0 });
    await expect(store.appendToStream(stream, batch, { expectedRevision: 'no_stream' })).rejects.toThrow(
      /not an exact replay/,
    );
    await expect(store.appendToStream(aStreamName(), batch, { expectedRevision: 'any' })).rejects.toThrow(
      /not an exact replay/,
    );
    await store.close();
  });
});

describe('SqliteEventStore shared by several processes', () => {
  let adapter: string;
  beforeAll(() => {
    adapter = transpileSqliteAdapter(join(root, 'compiled'));
  });

  it('keeps every append acknowledged before the writing process was killed with SIGKILL', async () => {
    const file = aDatabaseFile();
    const child = await runAppendingProcess(adapter, file, { killAfter: 25 });
    expect(child.signal).toBe('SIGKILL');
    expect(child.acknowledged.length).toBeGreaterThanOrEqual(25);

    const store = new SqliteEventStore(file);
    const storedIds = new Set((await store.readStream('appended-by-child')).map((event) => event.id));
    await store.close();
    expect(child.acknowledged.filter((id) => !storedIds.has(id))).toEqual([]);
  });

  it('serializes appends from concurrent processes without losing or renumbering any', async () => {
    const file = aDatabaseFile();
    const children = await Promise.all([
      runAppendingProcess(adapter, file, { count: 200 }),
      runAppendingProcess(adapter, file, { count: 200 }),
    ]);
    expect(children.map((child) => [child.code, child.acknowledged.length])).toEqual([
      [0, 200],
      [0, 200],
    ]);

    const store = new SqliteEventStore(file);
    const stored = await store.readStream('appended-by-child');
    await store.close();
    expect(stored.map((event) => event.revision)).toEqual(stored.map((_, index) => index));
    expect(new Set(stored.map((event) => event.id))).toEqual(
      new Set(children.flatMap((child) => child.acknowledged)),
    );
  });

  // What the race below produces at random, made certain: a process switching a NEW file to WAL
  // holds its write lock, and SQLite does not wait for that lock in the switch (see
  // openSqliteInWal): without the retry this open failed with SQLITE_BUSY after a few ms.
  it('waits, when opening a NEW file, for concurrent processes holding its write lock before it is in WAL', async () => {
    const file = aDatabaseFile();
    const holder = await holdWriteLockInAnotherProcess(file, 1500);
    const openedAt = Date.now();
    const store = new SqliteEventStore(file);
    // Took the lock only once the holder let go: the race did happen.
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(100);
    await store.appendToStream(aStreamName(), [anEvent()], { expectedRevision: 'no_stream' });
    await store.close();
    await holder.released;
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  // Two service instances starting together, as it happens: each child opens one new file per
  // time slot, all children in the same slot. Without the retry in openSqliteInWal a few opens
  // failed with SQLITE_BUSY (3 to 23 in 1,200 on a quiet 2-core machine; on a loaded one the
  // processes rarely run at the same instant, which is why the test above forces the overlap).
  it('opens the same NEW file from concurrent processes at the same instant, again and again, without SQLITE_BUSY', async () => {
    const processes = 6;
    const rounds = 120;
    const prefix = join(root, `opened-together-${++files}`);
    const startAt = Date.now() + 2500;
    const children = await Promise.all(
      Array.from({ length: processes }, () => runOpeningProcess(adapter, prefix, { startAt, rounds, slotMs: 8 })),
    );
    expect(children.flatMap((child) => child.failures)).toEqual([]);
    expect(children.map((child) => child.code)).toEqual(children.map(() => 0));

    // Every file ended in WAL mode with its schema, whoever switched and created it.
    const outcomes = new Set<string>();
    for (let round = 0; round < rounds; round++) {
      const db = new Database(`${prefix}-${round}.sqlite3`, { readonly: true });
      const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'snapshots') ORDER BY name").all();
      outcomes.add(`${String(db.pragma('journal_mode', { simple: true }))} ${tables.map((table) => table.name).join(',')}`);
      db.close();
    }
    expect([...outcomes]).toEqual(['wal events,snapshots']);
    // Bounded, with room for a loaded machine (the children's schedule alone takes 3.5 s).
  }, 120_000);
});

/**
 * The child process runs the real adapter, compiled with swc (milliseconds, no tsc run), so the
 * test exercises the same pragmas and transaction as production.
 */
function transpileSqliteAdapter(outDir: string): string {
  const src = join(__dirname, '../../src');
  const entry = 'infrastructure/event-store/sqlite/sqlite-event-store.ts';
  // The writer thread's entry is started by path, not imported: it is listed beside the adapter.
  const writerThread = 'infrastructure/event-store/sqlite/sqlite-writer.worker.ts';
  // Follow the adapter's relative imports, so a moved file never leaves the child without it.
  const pending = [entry, writerThread];
  const done = new Set<string>();
  while (pending.length > 0) {
    const source = pending.pop() as string;
    if (done.has(source)) continue;
    done.add(source);
    const { code } = transformFileSync(join(src, source), {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      swcrc: false,
    });
    const target = join(outDir, source.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
    for (const [, specifier] of code.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      pending.push(relative(src, join(src, dirname(source), specifier)).replace(/(\.js)?$/, '.ts'));
    }
  }
  return join(outDir, entry.replace(/\.ts$/, '.js'));
}

const CHILD_SCRIPT = `
  const { randomUUID } = require('node:crypto');
  const { SqliteEventStore } = require(process.env.ADAPTER);
  const store = new SqliteEventStore(process.env.DB_FILE);
  const count = process.env.APPEND_COUNT ? Number(process.env.APPEND_COUNT) : Infinity;
  const metadata = { actor: { type: 'system' }, at: new Date().toISOString(), correlationId: randomUUID() };
  (async () => {
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      await store.appendToStream('appended-by-child', [{ id, type: 'ChildAppended', data: { i }, metadata }], {
        expectedRevision: 'any',
      });
      // Writes to a pipe are synchronous on Linux: once this line is out, the append had returned.
      process.stdout.write('ACK ' + id + '\\n');
    }
    await store.close();
  })();
`;

const OPENING_CHILD_SCRIPT = `
  const { SqliteEventStore } = require(process.env.ADAPTER);
  const startAt = Number(process.env.START_AT);
  const slotMs = Number(process.env.SLOT_MS);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  (async () => {
    for (let round = 0; round < Number(process.env.ROUNDS); round++) {
      // Sleep to just before the slot, then spin: the openers of one file start within
      // a fraction of a millisecond of each other.
      const at = startAt + round * slotMs;
      if (at - Date.now() > 2) Atomics.wait(pause, 0, 0, at - Date.now() - 2);
      while (Date.now() < at);
      try {
        // Opening is the race; a read proves the store is usable. (No append: 720 synced appends
        // would make the test about disk latency on a loaded machine.)
        const store = new SqliteEventStore(process.env.PREFIX + '-' + round + '.sqlite3');
        await store.headPosition();
        await store.close();
      } catch (error) {
        process.stdout.write('FAIL round ' + round + ': ' + error.code + ' ' + error.message + '\\n');
      }
    }
  })();
`;

async function runOpeningProcess(
  adapter: string,
  prefix: string,
  options: { startAt: number; rounds: number; slotMs: number },
): Promise<{ failures: string[]; code: number | null }> {
  const child = spawn(process.execPath, ['-e', OPENING_CHILD_SCRIPT], {
    env: {
      ...process.env,
      ADAPTER: adapter,
      PREFIX: prefix,
      START_AT: String(options.startAt),
      ROUNDS: String(options.rounds),
      SLOT_MS: String(options.slotMs),
      NODE_PATH: join(__dirname, '../../node_modules'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const failures: string[] = [];
  for await (const line of createInterface({ input: child.stdout })) if (line.startsWith('FAIL')) failures.push(line);
  return { failures, code: await exited };
}

interface AppendingProcess {
  /** Ids the child acknowledged, including any still in the pipe when it died. */
  readonly acknowledged: string[];
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

async function runAppendingProcess(
  adapter: string,
  file: string,
  until: { count: number } | { killAfter: number },
): Promise<AppendingProcess> {
  const child = spawn(process.execPath, ['-e', CHILD_SCRIPT], {
    env: {
      ...process.env,
      ADAPTER: adapter,
      DB_FILE: file,
      APPEND_COUNT: 'count' in until ? String(until.count) : '',
      NODE_PATH: join(__dirname, '../../node_modules'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, signal) => resolve([code, signal])),
  );
  const acknowledged: string[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^ACK (\S+)$/.exec(line);
    if (!match) continue;
    acknowledged.push(match[1]);
    if ('killAfter' in until && acknowledged.length === until.killAfter) child.kill('SIGKILL');
  }
  const [code, signal] = await exited;
  return { acknowledged, code, signal };
}
