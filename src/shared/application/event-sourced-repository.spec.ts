import { SqliteEventStore } from '../../infrastructure/event-store/sqlite/sqlite-event-store';
import { Decider } from '../domain/decider';
import { DomainEvent } from '../domain/event';
import { systemClock } from './clock';
import { EventSourcedRepository, MAX_ATTEMPTS, retryPauseMs, SNAPSHOT_EVERY } from './event-sourced-repository';
import { WrongExpectedRevisionError } from './event-store.port';

type Counted = DomainEvent<'Counted', { by: number }>;
interface CounterState {
  readonly total: number;
  readonly count: number;
}

const counter = (snapshot?: { version: string }): Decider<{ by: number }, CounterState, Counted> => ({
  initialState: { total: 0, count: 0 },
  decide: (command) => [{ type: 'Counted', data: { by: command.by } }],
  evolve: (state, event) => ({ total: state.total + event.data.by, count: state.count + 1 }),
  ...(snapshot ? { snapshot } : {}),
});

const context = { actor: { type: 'system' as const }, correlationId: 'spec' };

describe('EventSourcedRepository snapshots', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = new SqliteEventStore(':memory:')));
  afterEach(() => store.close());

  async function appendCounts(decider: Decider<{ by: number }, CounterState, Counted>, times: number) {
    const repository = new EventSourcedRepository(store, systemClock);
    for (let i = 0; i < times; i++) await repository.decideAndAppend('counter-1', decider, { by: 2 }, context);
  }

  it('given a long stream of a decider that opts in, a fresh repository starts from the snapshot', async () => {
    const decider = counter({ version: '1' });
    await appendCounts(decider, SNAPSHOT_EVERY + 20);
    const reads = jest.spyOn(store, 'readStream');

    const loaded = await new EventSourcedRepository(store, systemClock).load('counter-1', decider);

    expect(loaded).toEqual({ state: { total: 2 * (SNAPSHOT_EVERY + 20), count: SNAPSHOT_EVERY + 20 }, revision: SNAPSHOT_EVERY + 19 });
    expect(reads).toHaveBeenCalledWith('counter-1', { fromRevision: expect.any(Number) });
    expect(reads.mock.calls[0][1]!.fromRevision).toBeGreaterThanOrEqual(SNAPSHOT_EVERY);
  });

  it('given a snapshot of another version or shape, the stream is folded from the start', async () => {
    await appendCounts(counter({ version: '1' }), SNAPSHOT_EVERY + 5);
    const reads = jest.spyOn(store, 'readStream');

    const bumped = await new EventSourcedRepository(store, systemClock).load('counter-1', counter({ version: '2' }));

    expect(bumped.state).toEqual({ total: 2 * (SNAPSHOT_EVERY + 5), count: SNAPSHOT_EVERY + 5 });
    expect(reads.mock.calls[0][1]).toEqual({ fromRevision: 0 });
  });

  it('given a decider that does not opt in, no snapshot is stored', async () => {
    const saves = jest.spyOn(store, 'saveSnapshot');
    await appendCounts(counter(), SNAPSHOT_EVERY + 5);
    await new EventSourcedRepository(store, systemClock).load('counter-1', counter());
    expect(saves).not.toHaveBeenCalled();
  });
});

describe('EventSourcedRepository.decideAndAppend under concurrent writers', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = new SqliteEventStore(':memory:')));
  afterEach(() => store.close());

  it('given another writer appends between decide and append, it decides again on the new state and runs beforeAppend each time', async () => {
    const decider = counter();
    const mine = new EventSourcedRepository(store, systemClock);
    const theirs = new EventSourcedRepository(store, systemClock);
    await mine.decideAndAppend('counter-1', decider, { by: 1 }, context);
    const seenRevisions: number[] = [];

    const result = await mine.decideAndAppend('counter-1', decider, (state) => ({ by: state.total * 10 }), context, async (_events, loaded) => {
      seenRevisions.push(loaded.revision);
      // The first attempt loses the race: another instance appends before ours.
      if (seenRevisions.length === 1) await theirs.decideAndAppend('counter-1', decider, { by: 1 }, context);
    });

    expect(seenRevisions).toEqual([0, 1]);
    expect(result.events).toEqual([{ type: 'Counted', data: { by: 20 } }]);
    expect((await store.readStream('counter-1')).map((event) => event.data.by)).toEqual([1, 1, 20]);
  });

  it('given a stream that keeps moving, it gives up after MAX_ATTEMPTS with the revision error, having appended nothing of its own', async () => {
    const decider = counter();
    const mine = new EventSourcedRepository(store, systemClock);
    const theirs = new EventSourcedRepository(store, systemClock);
    let attempts = 0;

    const attempt = mine.decideAndAppend('counter-1', decider, { by: 100 }, context, async () => {
      attempts++;
      await theirs.decideAndAppend('counter-1', decider, { by: 1 }, context);
    });

    await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(attempts).toBe(MAX_ATTEMPTS);
    expect((await store.readStream('counter-1')).some((event) => event.data.by === 100)).toBe(false);
  });

  it('given many commands of one process on one stream at once, they take turns: each decides on the state the previous one left, none meets a revision conflict', async () => {
    const decider = counter();
    const repository = new EventSourcedRepository(store, systemClock);
    const append = jest.spyOn(store, 'appendToStream');

    // Each command's amount is the count it saw: taking turns makes them 0, 1, 2, …, 39.
    const results = await Promise.all(
      Array.from({ length: 40 }, () => repository.decideAndAppend('counter-1', decider, (state) => ({ by: state.count }), context)),
    );

    expect(results.map((result) => result.revision)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect((await store.readStream('counter-1')).map((event) => event.data.by)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(append).toHaveBeenCalledTimes(40);
  });

  it('given a command in the queue fails, the ones behind it still run, and other streams never wait', async () => {
    const failing: Decider<{ by: number }, CounterState, Counted> = {
      ...counter(),
      decide: (command) => {
        if (command.by < 0) throw new Error('refused');
        return [{ type: 'Counted', data: { by: command.by } }];
      },
    };
    const repository = new EventSourcedRepository(store, systemClock);

    const outcomes = await Promise.allSettled([
      repository.decideAndAppend('counter-1', failing, { by: 1 }, context),
      repository.decideAndAppend('counter-1', failing, { by: -1 }, context),
      repository.decideAndAppend('counter-1', failing, { by: 2 }, context),
      repository.decideAndAppend('counter-2', failing, { by: 3 }, context),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await store.readStream('counter-1')).map((event) => event.data.by)).toEqual([1, 2]);
    expect((await store.readStream('counter-2')).map((event) => event.data.by)).toEqual([3]);
  });

  it('spreads retries with full jitter that grows with the attempt and stays under 50 ms', () => {
    const random = jest.spyOn(Math, 'random').mockReturnValue(0.999);
    try {
      expect(retryPauseMs(1)).toBeCloseTo(2 * 0.999);
      expect(retryPauseMs(10)).toBeCloseTo(20 * 0.999);
      expect(retryPauseMs(40)).toBeCloseTo(50 * 0.999);
      random.mockReturnValue(0);
      expect(retryPauseMs(40)).toBe(0);
    } finally {
      random.mockRestore();
    }
  });
});
