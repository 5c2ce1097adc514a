import { EventStore, RecordedEvent, SubscribeOptions, Subscription } from '../../shared/application/event-store.port';
import { DocumentStore } from '../../shared/application/document-store.port';
import { Projection } from '../../shared/application/projection.port';
import { ProjectionRunner } from './projection-runner';
import { SqliteDocumentStore } from './sqlite/sqlite-document-store';

/**
 * A log in memory whose live subscription delivers each append at once and then reports that it
 * has caught up, as the embedded store's subscription does for appends of its own process: the
 * pattern that used to cost one read-model transaction per event.
 */
class LiveLog {
  private readonly events: RecordedEvent[] = [];
  private readonly subscribers = new Set<SubscribeOptions>();

  readonly eventStore = {
    headPosition: async () => this.events.at(-1)?.position,
    readAll: async ({ after, maxCount }: { after?: number; maxCount?: number } = {}) =>
      this.events.filter((e) => after === undefined || e.position > after).slice(0, maxCount),
    subscribeToAll: (options: SubscribeOptions): Subscription => {
      this.subscribers.add(options);
      void (async () => {
        for (const event of this.events) if (options.after === undefined || event.position > options.after) await options.handler(event);
        options.onCaughtUp?.(this.events.at(-1)?.position);
      })();
      return { stop: async () => void this.subscribers.delete(options) };
    },
  } as unknown as EventStore;

  async append(): Promise<number> {
    const position = this.events.length + 1;
    const event: RecordedEvent = {
      id: `e-${position}`,
      type: 'Counted',
      streamName: 'counter-1',
      revision: position - 1,
      position,
      data: {},
      metadata: { at: new Date(0).toISOString() } as RecordedEvent['metadata'],
      recordedAt: new Date(),
    };
    this.events.push(event);
    for (const subscriber of this.subscribers) {
      await subscriber.handler(event);
      subscriber.onCaughtUp?.(position);
    }
    return position;
  }
}

/** Keeps the positions it saw, in order, in one document: a gap or a repeat shows. */
const counting: Projection = {
  name: 'counting',
  collections: ['counts'],
  indexes: [],
  async apply(event, store) {
    const current = await store.get<{ positions: number[] }>('counts', 'c');
    await store.upsertIfNewer('counts', 'c', event.position, { positions: [...(current?.doc.positions ?? []), event.position] });
  },
};

/** The store, counting the transactions that reach it. */
function countingTransactions(store: DocumentStore): { store: DocumentStore; transactions: () => number } {
  let transactions = 0;
  const counted = Object.create(store) as DocumentStore;
  counted.transaction = (fn) => {
    transactions++;
    return store.transaction(fn);
  };
  return { store: counted, transactions: () => transactions };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ProjectionRunner batching under a trickle of events', () => {
  let sqlite: SqliteDocumentStore;
  let runner: ProjectionRunner | undefined;

  beforeEach(() => {
    sqlite = new SqliteDocumentStore(':memory:');
  });

  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await sqlite.close();
  });

  it('given events arriving one by one, when the trickle ends, then far fewer transactions than events applied them all in order', async () => {
    const log = new LiveLog();
    const { store, transactions } = countingTransactions(sqlite);
    runner = new ProjectionRunner(log.eventStore, store, counting, { commitIntervalMs: 10 });
    await runner.start();

    const events = 60;
    let last = 0;
    for (let i = 0; i < events; i++) {
      last = await log.append();
      await pause(1);
    }
    await runner.stop();

    expect((await sqlite.get<{ positions: number[] }>('counts', 'c'))?.doc.positions).toEqual(
      Array.from({ length: events }, (_, i) => i + 1),
    );
    expect(await sqlite.getCheckpoint('counting')).toBe(last);
    // One per event before batching; about one per 10 ms now (the trickle lasts at least 60 ms).
    expect(transactions()).toBeLessThan(events / 3);
    expect(runner.committedBatches).toBe(transactions());
  });

  it('given a long coalescing interval, when someone waits for a buffered event, then it is applied at once, not at the timer', async () => {
    const log = new LiveLog();
    runner = new ProjectionRunner(log.eventStore, sqlite, counting, { commitIntervalMs: 60_000 });
    await runner.start();

    // After a quiet spell the first event is applied at the next turn, as before batching.
    const first = await log.append();
    await pause(50);
    expect(runner.lastAppliedPosition).toBe(first);

    // The next one, within the interval and with nobody waiting, is held for the next batch...
    const second = await log.append();
    await pause(50);
    expect(runner.lastAppliedPosition).toBe(first);

    // ...until someone waits for it.
    const started = performance.now();
    await runner.waitForPosition(second, 2000);
    expect(runner.lastAppliedPosition).toBe(second);

    // A wait for an event not yet appended is served as soon as it arrives.
    const third = runner.waitForPosition(second + 1, 2000);
    await log.append();
    await third;
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await sqlite.get<{ positions: number[] }>('counts', 'c'))?.doc.positions).toEqual([1, 2, 3]);
  });

  it('given a command that waits for an earlier event of its own, when its later events arrive, then they are applied at the next turn too', async () => {
    const log = new LiveLog();
    runner = new ProjectionRunner(log.eventStore, sqlite, counting, { commitIntervalMs: 60_000 });
    await runner.start();
    const account = await log.append();
    await pause(20);
    expect(runner.lastAppliedPosition).toBe(account);

    // The command appended one more event (held: within the interval, nobody waits for it)...
    const closed = await log.append();
    await pause(20);
    expect(runner.lastAppliedPosition).toBe(account);
    // ...then waits for the account, applied already: what is buffered goes at once all the same,
    await runner.waitForPosition(account, 2000);
    await pause(20);
    expect(runner.lastAppliedPosition).toBe(closed);
    // and for a while what arrives next does too, with nobody waiting for it.
    const next = await log.append();
    await pause(20);
    expect(runner.lastAppliedPosition).toBe(next);
  });

  it('given events held for the next batch, when the runner stops, then they are applied before it returns', async () => {
    const log = new LiveLog();
    runner = new ProjectionRunner(log.eventStore, sqlite, counting, { commitIntervalMs: 60_000 });
    await runner.start();
    await log.append();
    await pause(20);
    const held = await log.append();
    await runner.stop();
    expect(runner.lastAppliedPosition).toBe(held);
    expect(await sqlite.getCheckpoint('counting')).toBe(held);
  });
});
