import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { isBusy } from '../../src/infrastructure/sqlite-open';
import { AppendResult, RecordedEvent, WrongExpectedRevisionError } from '../../src/shared/application/event-store.port';
import { eventHash, hashedContentOf, integrityOf } from '../../src/shared/domain/audit-chain';
import { aStreamName, anEvent } from './event-store.contract';

const root = mkdtempSync(join(tmpdir(), 'sqlite-group-commit-'));
let files = 0;
const aDatabaseFile = (): string => join(root, `events-${++files}.sqlite3`);

afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Opened {
  readonly store: SqliteEventStore;
  /** Runs `appends` so that they all land in ONE group, and settles them. */
  inOneGroup<T>(appends: () => Promise<T>[]): Promise<PromiseSettledResult<T>[]>;
}

/**
 * The writer thread groups what is waiting when it starts a transaction. To make that certain,
 * another connection holds the write lock while the appends are posted: the thread sits in BEGIN
 * IMMEDIATE with a first append, and takes all the others together once the lock is released.
 */
async function openFile(): Promise<Opened> {
  const file = aDatabaseFile();
  const store = new SqliteEventStore(file);
  // Starts the thread, so the timings below do not include its start.
  await store.appendToStream(aStreamName('warm-up'), [anEvent()], { expectedRevision: 'no_stream' });
  return {
    store,
    async inOneGroup(appends) {
      const lock = new Database(file);
      lock.exec('BEGIN IMMEDIATE');
      const before = store.writerStats();
      const first = store.appendToStream(aStreamName('first'), [anEvent()], { expectedRevision: 'no_stream' });
      await delay(100);
      const settling = appends();
      await delay(50);
      lock.exec('COMMIT');
      lock.close();
      await first;
      const outcomes = await Promise.allSettled(settling);
      const after = store.writerStats();
      expect(after.writes - before.writes).toBe(settling.length + 1);
      // The first append's transaction, then one for all the others (or one for all, had the
      // thread not yet taken the first when the others came).
      expect(after.transactions - before.transactions).toBeLessThanOrEqual(2);
      return outcomes;
    },
  };
}

/** On the calling thread, the appends made before the next microtask are one group. */
async function openInMemory(): Promise<Opened> {
  const store = new SqliteEventStore(':memory:');
  return {
    store,
    async inOneGroup(appends) {
      const before = store.writerStats();
      const outcomes = await Promise.allSettled(appends());
      expect(store.writerStats().transactions - before.transactions).toBe(1);
      return outcomes;
    },
  };
}

describe.each([
  ['a file, written by the writer thread', openFile],
  [':memory:, written on the calling thread', openInMemory],
])('SqliteEventStore group commit: %s', (_name, open) => {
  let opened: Opened;
  let store: SqliteEventStore;
  beforeEach(async () => {
    opened = await open();
    store = opened.store;
  });
  afterEach(() => store.close());

  it('commits N concurrent appends to different streams in fewer than N transactions, each with its own result', async () => {
    const before = store.writerStats();
    const streams = Array.from({ length: 64 }, () => aStreamName());
    const batches = streams.map((_, index) => Array.from({ length: 1 + (index % 3) }, () => anEvent()));
    const results = await Promise.all(
      streams.map((stream, index) => store.appendToStream(stream, batches[index], { expectedRevision: 'no_stream' })),
    );
    const after = store.writerStats();
    expect(after.writes - before.writes).toBe(64);
    expect(after.transactions - before.transactions).toBeLessThan(64);

    for (const [index, stream] of streams.entries()) {
      const stored = await store.readStream(stream);
      expect(stored.map((event) => event.id)).toEqual(batches[index].map((event) => event.id));
      expect(results[index]).toEqual({ nextExpectedRevision: batches[index].length - 1, position: stored[stored.length - 1].position });
      expectChained(stored);
    }
    expect(new Set(results.map((result) => result.position)).size).toBe(64);
  });

  it('fails an append with a wrong expected revision alone: the others of its group commit', async () => {
    const existing = aStreamName();
    await store.appendToStream(existing, [anEvent()], { expectedRevision: 'no_stream' });
    const others = Array.from({ length: 10 }, () => aStreamName());
    const outcomes = await opened.inOneGroup(() => [
      ...others.slice(0, 5).map((stream) => store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' })),
      store.appendToStream(existing, [anEvent()], { expectedRevision: 5 }),
      ...others.slice(5).map((stream) => store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' })),
    ]);

    const failed = outcomes[5];
    expect(failed.status).toBe('rejected');
    const error = (failed as PromiseRejectedResult).reason as unknown;
    // Rebuilt on this side of the thread boundary with its class and fields.
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ streamName: existing, expected: 5, actual: 0 });
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(10);
    for (const stream of others) expect(await store.readStream(stream)).toHaveLength(1);
    expect(await store.readStream(existing)).toHaveLength(1);
  });

  it('lets two appends to the same stream in one group see each other: the second chains onto the first, a stale one fails alone', async () => {
    const stream = aStreamName();
    await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
    const [first, second, stale] = [[anEvent(), anEvent()], [anEvent()], [anEvent()]];
    const outcomes = await opened.inOneGroup(() => [
      store.appendToStream(stream, first, { expectedRevision: 0 }),
      store.appendToStream(stream, second, { expectedRevision: 2 }),
      store.appendToStream(stream, stale, { expectedRevision: 0 }),
    ]);

    expect(outcomes.slice(0, 2).map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
    expect((outcomes[0] as PromiseFulfilledResult<AppendResult>).value.nextExpectedRevision).toBe(2);
    expect((outcomes[1] as PromiseFulfilledResult<AppendResult>).value.nextExpectedRevision).toBe(3);
    expect(outcomes[2]).toMatchObject({ status: 'rejected', reason: { streamName: stream, expected: 0, actual: 3 } });
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);

    const stored = await store.readStream(stream);
    expect(stored.slice(1).map((event) => event.id)).toEqual([...first, ...second].map((event) => event.id));
    expectChained(stored);
    expect(integrityOf(stored[3].metadata)?.prev).toBe(integrityOf(stored[2].metadata)?.hash);
  });

  it('answers a batch replayed in the same group with the original result', async () => {
    const stream = aStreamName();
    const batch = [anEvent(), anEvent()];
    const outcomes = await opened.inOneGroup(() => [
      store.appendToStream(stream, batch, { expectedRevision: 'no_stream' }),
      store.appendToStream(stream, batch, { expectedRevision: 'no_stream' }),
      store.appendToStream(aStreamName(), [batch[1]], { expectedRevision: 'any' }),
    ]);
    expect(outcomes[0].status).toBe('fulfilled');
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(outcomes[2]).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/not an exact replay/) } });
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('reads its own writes: an append that resolved is seen by the next read', async () => {
    const misses: string[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        const stream = aStreamName();
        const event = anEvent();
        const { position } = await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
        // Right after the resolution, before anything else can run on this thread.
        if ((await store.readStream(stream))[0]?.id !== event.id) misses.push(`readStream ${stream}`);
        if (((await store.headPosition()) ?? 0) < position) misses.push(`headPosition ${position}`);
        const [atPosition] = await store.readAll({ after: position - 1, maxCount: 1 });
        if (atPosition?.id !== event.id) misses.push(`readAll ${position}`);
      }),
    );
    expect(misses).toEqual([]);
  });

  it('keeps snapshots through the writer, never replacing a newer one with an older one', async () => {
    const stream = aStreamName();
    await store.saveSnapshot({ streamName: stream, revision: 4, version: 'v1', state: { seen: 5 } });
    await Promise.all([
      store.saveSnapshot({ streamName: stream, revision: 2, version: 'v1', state: { seen: 3 } }),
      store.appendToStream(aStreamName(), [anEvent()], { expectedRevision: 'no_stream' }),
    ]);
    expect(await store.readSnapshot(stream)).toEqual({ streamName: stream, revision: 4, version: 'v1', state: { seen: 5 } });
    await store.saveSnapshot({ streamName: stream, revision: 7, version: 'v1', state: { seen: 8 } });
    expect(await store.readSnapshot(stream)).toMatchObject({ revision: 7, state: { seen: 8 } });
  });
});

describe('SqliteEventStore writer thread', () => {
  it('reports a busy file with the SQLite error and its code, and appends again once the lock is gone', async () => {
    const file = aDatabaseFile();
    const store = new SqliteEventStore(file, { busyTimeoutMs: 100 });
    const lock = new Database(file);
    lock.exec('BEGIN IMMEDIATE');
    const error = await store.appendToStream(aStreamName(), [anEvent()], { expectedRevision: 'no_stream' }).catch((caught: unknown) => caught);
    lock.exec('COMMIT');
    lock.close();
    expect(error).toBeInstanceOf(Database.SqliteError);
    expect(isBusy(error)).toBe(true);
    await expect(store.appendToStream(aStreamName(), [anEvent()], { expectedRevision: 'no_stream' })).resolves.toMatchObject({
      nextExpectedRevision: 0,
    });
    await store.close();
  });

  it('fails the appends waiting for a thread that cannot open the file, and every later one, instead of hanging', async () => {
    const dir = mkdtempSync(join(root, 'vanishing-'));
    const store = new SqliteEventStore(join(dir, 'events.sqlite3'));
    // The thread starts with the first append and opens its own connection: the file is gone by then.
    rmSync(dir, { recursive: true, force: true });
    const waiting = Array.from({ length: 3 }, () => store.appendToStream(aStreamName(), [anEvent()], { expectedRevision: 'no_stream' }));
    for (const append of waiting) await expect(append).rejects.toThrow(/writer thread failed: .*appends are refused/);
    await expect(store.appendToStream(aStreamName(), [anEvent()], { expectedRevision: 'no_stream' })).rejects.toThrow(
      /writer thread failed/,
    );
    await store.close();
  });

  it('refuses every append once the thread has stopped unexpectedly, and still reads and closes', async () => {
    const store = new SqliteEventStore(aDatabaseFile());
    await store.appendToStream(aStreamName(), [anEvent()], { expectedRevision: 'no_stream' });
    const { worker } = (store as unknown as { writer: { worker: import('node:worker_threads').Worker } }).writer;
    await worker.terminate();
    await expect(store.appendToStream(aStreamName(), [anEvent()], { expectedRevision: 'no_stream' })).rejects.toThrow(
      /writer thread stopped unexpectedly \(exit code 1\)/,
    );
    await expect(store.saveSnapshot({ streamName: aStreamName(), revision: 0, version: 'v', state: {} })).rejects.toThrow(
      /writer thread stopped unexpectedly/,
    );
    expect(await store.headPosition()).toBe(1);
    await store.close();
  });

  it('does not start a thread for a store that is only read', async () => {
    const store = new SqliteEventStore(aDatabaseFile());
    await store.readAll();
    await store.headPosition();
    expect((store as unknown as { writer: { worker?: unknown } }).writer.worker).toBeUndefined();
    await store.close();
  });

  it('close() waits for the appends in flight, then ends the thread', async () => {
    const file = aDatabaseFile();
    const store = new SqliteEventStore(file);
    const streams = Array.from({ length: 20 }, () => aStreamName());
    const appends = streams.map((stream) => store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' }));
    const { worker } = (store as unknown as { writer: { worker: import('node:worker_threads').Worker } }).writer;
    let exited = false;
    worker.once('exit', () => (exited = true));
    await store.close();
    expect(exited).toBe(true);
    expect((await Promise.allSettled(appends)).map((outcome) => outcome.status)).toEqual(streams.map(() => 'fulfilled'));
    const reopened = new SqliteEventStore(file);
    for (const stream of streams) expect(await reopened.readStream(stream)).toHaveLength(1);
    await reopened.close();
  });
});

/** Each event's hash covers its content and links to its stream predecessor's hash. */
function expectChained(events: readonly RecordedEvent[]): void {
  let prev: string | null = null;
  for (const event of events) {
    expect(integrityOf(event.metadata)).toEqual({ prev, hash: eventHash(hashedContentOf(event), prev) });
    prev = integrityOf(event.metadata)?.hash ?? null;
  }
}
