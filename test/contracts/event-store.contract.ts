import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  EventStore,
  EventToAppend,
  RecordedEvent,
  SubscribeOptions,
  WrongExpectedRevisionError,
} from '../../src/shared/application/event-store.port';
import { eventHash, hashedContentOf, integrityOf } from '../../src/shared/domain/audit-chain';

/**
 * One suite for every EventStore adapter, so the embedded and the production stores cannot drift.
 * Every test writes to its own randomly named streams and reads the global log only after the
 * head it saw at its start, so the suite can run against a shared, non-empty server.
 */
export function describeEventStoreContract(
  name: string,
  create: () => Promise<EventStore> | EventStore,
  cleanup?: (store: EventStore) => Promise<void> | void,
  /** Writes events as a store did before the audit chain existed (no metadata.integrity). */
  appendUnchained?: (store: EventStore, streamName: string, events: readonly EventToAppend[]) => Promise<void>,
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;

    beforeEach(async () => {
      store = await create();
    });

    afterEach(async () => {
      await store.close();
      await cleanup?.(store);
    });

    describe('expected revision', () => {
      it('appends to a new stream with no_stream', async () => {
        const stream = aStreamName();
        const result = await store.appendToStream(stream, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        expect(result.nextExpectedRevision).toBe(1);
        expect(Number.isSafeInteger(result.position)).toBe(true);
      });

      it('refuses a second no_stream append to the same stream', async () => {
        const stream = aStreamName();
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
        const error = await rejectionOf(store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' }));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamName: stream, expected: 'no_stream', actual: 0 });
      });

      it('appends when the exact expected revision is the last one', async () => {
        const stream = aStreamName();
        await store.appendToStream(stream, [anEvent(), anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream, [anEvent()], { expectedRevision: 2 });
        expect(result.nextExpectedRevision).toBe(3);
      });

      it('refuses an exact expected revision that is too low', async () => {
        const stream = aStreamName();
        await store.appendToStream(stream, [anEvent(), anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        const error = await rejectionOf(store.appendToStream(stream, [anEvent()], { expectedRevision: 1 }));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ expected: 1, actual: 2 });
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('refuses an exact expected revision that is too high, also on a missing stream', async () => {
        const stream = aStreamName();
        const onMissing = await rejectionOf(store.appendToStream(stream, [anEvent()], { expectedRevision: 0 }));
        expect(onMissing).toMatchObject({ expected: 0, actual: 'no_stream' });
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
        const error = await rejectionOf(store.appendToStream(stream, [anEvent()], { expectedRevision: 5 }));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ expected: 5, actual: 0 });
      });

      it('refuses stream_exists on a missing stream and accepts it on an existing one', async () => {
        const stream = aStreamName();
        const error = await rejectionOf(store.appendToStream(stream, [anEvent()], { expectedRevision: 'stream_exists' }));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
        expect(await store.readStream(stream)).toEqual([]);
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream, [anEvent()], { expectedRevision: 'stream_exists' });
        expect(result.nextExpectedRevision).toBe(1);
      });

      it('always appends with any', async () => {
        const stream = aStreamName();
        expect(await store.appendToStream(stream, [anEvent()], { expectedRevision: 'any' })).toMatchObject({
          nextExpectedRevision: 0,
        });
        expect(await store.appendToStream(stream, [anEvent()], { expectedRevision: 'any' })).toMatchObject({
          nextExpectedRevision: 1,
        });
      });
    });

    describe('readStream', () => {
      it('numbers revisions 0..n-1 in append order', async () => {
        const stream = aStreamName();
        const first = [anEvent(), anEvent()];
        const second = [anEvent()];
        await store.appendToStream(stream, first, { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, second, { expectedRevision: 1 });
        const events = await store.readStream(stream);
        expect(events.map((event) => event.revision)).toEqual([0, 1, 2]);
        expect(events.map((event) => event.id)).toEqual([...first, ...second].map((event) => event.id));
        expect(events.every((event) => event.streamName === stream)).toBe(true);
      });

      it('honours fromRevision and maxCount', async () => {
        const stream = aStreamName();
        await store.appendToStream(stream, [anEvent(), anEvent(), anEvent(), anEvent(), anEvent()], {
          expectedRevision: 'no_stream',
        });
        const revisions = async (options: { fromRevision?: number; maxCount?: number }) =>
          (await store.readStream(stream, options)).map((event) => event.revision);
        expect(await revisions({ fromRevision: 2 })).toEqual([2, 3, 4]);
        expect(await revisions({ maxCount: 2 })).toEqual([0, 1]);
        expect(await revisions({ fromRevision: 1, maxCount: 2 })).toEqual([1, 2]);
        expect(await revisions({ fromRevision: 5 })).toEqual([]);
      });

      it('returns [] for a missing stream', async () => {
        expect(await store.readStream(aStreamName())).toEqual([]);
      });

      it('reports the position of the last appended event', async () => {
        const stream = aStreamName();
        const result = await store.appendToStream(stream, [anEvent(), anEvent(), anEvent()], {
          expectedRevision: 'no_stream',
        });
        const events = await store.readStream(stream);
        expect(result.position).toBe(events[2].position);
        expect(events[0].position).toBeLessThan(events[1].position);
        expect(events[1].position).toBeLessThan(events[2].position);
      });
    });

    describe('idempotent appends', () => {
      it('returns the original result for a replayed batch and stores it once', async () => {
        const stream = aStreamName();
        const batch = [anEvent(), anEvent()];
        const original = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        const replayed = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        expect(replayed).toEqual(original);
        expect((await store.readStream(stream)).map((event) => event.id)).toEqual(batch.map((event) => event.id));
      });

      it('returns the original result for a batch replayed with its exact expected revision', async () => {
        const stream = aStreamName();
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
        const batch = [anEvent()];
        const original = await store.appendToStream(stream, batch, { expectedRevision: 0 });
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 1 });
        const replayed = await store.appendToStream(stream, batch, { expectedRevision: 0 });
        expect(replayed).toEqual(original);
        expect(await store.readStream(stream)).toHaveLength(3);
      });
    });

    describe('readAll and headPosition', () => {
      it('returns events in global order with strictly increasing positions', async () => {
        const head = await store.headPosition();
        const [a, b] = [aStreamName(), aStreamName()];
        await store.appendToStream(a, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(b, [anEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(a, [anEvent()], { expectedRevision: 1 });
        const all = await store.readAll({ after: head });
        expectStrictlyIncreasing(all.map((event) => event.position));
        const ours = all.filter((event) => event.streamName === a || event.streamName === b);
        expect(ours.map((event) => `${event.streamName === a ? 'a' : 'b'}${event.revision}`)).toEqual([
          'a0',
          'a1',
          'b0',
          'a2',
        ]);
      });

      it('reads strictly after the given position, at most maxCount events', async () => {
        const head = await store.headPosition();
        const stream = aStreamName();
        await store.appendToStream(stream, [anEvent(), anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        const [, second, third] = await store.readStream(stream);
        const afterSecond = await store.readAll({ after: second.position });
        expect(afterSecond.every((event) => event.position > second.position)).toBe(true);
        expect(afterSecond[0].id).toBe(third.id);

        const everything = await store.readAll({ after: head });
        expect(await store.readAll({ after: head, maxCount: 2 })).toEqual(everything.slice(0, 2));
      });

      it('reports the position of the newest event as the head', async () => {
        const first = await store.appendToStream(aStreamName(), [anEvent()], { expectedRevision: 'no_stream' });
        expect(await store.headPosition()).toBeGreaterThanOrEqual(first.position);
        const second = await store.appendToStream(aStreamName(), [anEvent()], { expectedRevision: 'no_stream' });
        expect(second.position).toBeGreaterThan(first.position);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(second.position);
      });
    });

    describe('subscribeToAll', () => {
      it('delivers history, reports catching up, then delivers live events, in order and once', async () => {
        const head = await store.headPosition();
        const stream = aStreamName();
        await store.appendToStream(stream, [anEvent(), anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        let deliveredWhenCaughtUp: number | undefined;
        const { delivered, all, subscription } = subscribeTo(store, stream, {
          after: head,
          onCaughtUp: () => (deliveredWhenCaughtUp ??= delivered.length),
        });
        await eventually(() => expect(deliveredWhenCaughtUp).toBe(3));
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 2 });
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 3 });
        await eventually(() => expect(delivered).toHaveLength(5));
        await delay(150);
        await subscription.stop();
        expect(delivered.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(new Set(all.map((event) => event.id)).size).toBe(all.length);
        expectStrictlyIncreasing(all.map((event) => event.position));
      });

      it('resumes strictly after a checkpoint', async () => {
        const stream = aStreamName();
        await store.appendToStream(stream, [anEvent(), anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        const [, second] = await store.readStream(stream);
        const { delivered, all, subscription } = subscribeTo(store, stream, { after: second.position });
        await eventually(() => expect(delivered).toHaveLength(1));
        await delay(100);
        await subscription.stop();
        expect(delivered.map((event) => event.revision)).toEqual([2]);
        expect(all.every((event) => event.position > second.position)).toBe(true);
      });

      it('waits for a slow handler before delivering the next event', async () => {
        const head = await store.headPosition();
        const stream = aStreamName();
        await store.appendToStream(stream, [anEvent(), anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        let running = 0;
        let overlapped = false;
        const { delivered, subscription } = subscribeTo(store, stream, {
          after: head,
          beforeRecord: async () => {
            running += 1;
            overlapped ||= running > 1;
            await delay(15);
            running -= 1;
          },
        });
        await store.appendToStream(stream, [anEvent(), anEvent()], { expectedRevision: 2 });
        await eventually(() => expect(delivered).toHaveLength(5));
        await subscription.stop();
        expect(overlapped).toBe(false);
        expect(delivered.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4]);
      });

      it('stop() waits for the running handler and ends the subscription', async () => {
        const head = await store.headPosition();
        const stream = aStreamName();
        await store.appendToStream(stream, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        let started = 0;
        const { delivered, subscription } = subscribeTo(store, stream, {
          after: head,
          beforeRecord: async () => {
            started += 1;
            await released;
          },
        });
        await eventually(() => expect(started).toBe(1));
        let stopped = false;
        const stopping = subscription.stop().then(() => (stopped = true));
        await delay(50);
        expect(stopped).toBe(false);
        release();
        await stopping;
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 1 });
        await delay(200);
        expect(started).toBe(1);
        expect(delivered.length).toBeLessThanOrEqual(1);
      });

      it('stops and reports to onError when the handler fails', async () => {
        const head = await store.headPosition();
        const stream = aStreamName();
        await store.appendToStream(stream, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        const failure = new Error('projection failed');
        const errors: unknown[] = [];
        let calls = 0;
        const subscription = store.subscribeToAll({
          after: head,
          handler: (event) => {
            if (event.streamName !== stream) return;
            calls += 1;
            throw failure;
          },
          onError: (error) => errors.push(error),
        });
        await eventually(() => expect(errors).toEqual([failure]));
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 1 });
        await delay(150);
        await subscription.stop();
        expect(calls).toBe(1);
      });
    });

    it('round-trips data and metadata exactly', async () => {
      const head = await store.headPosition();
      const stream = aStreamName();
      const event = anEvent({
        type: 'InviteLinkCreated',
        data: {
          text: 'Zoë – 招待 🎟️ "quoted"\n',
          integer: 42,
          fraction: 0.125,
          negative: -7,
          flag: false,
          nothing: null,
          list: [1, 'two', { three: 3 }],
          nested: { deeper: { deepest: [] } },
        },
        metadata: {
          actor: { type: 'msp_admin', id: randomUUID() },
          at: '2025-01-02T03:04:05.678Z',
          correlationId: randomUUID(),
          causationId: randomUUID(),
        },
      });
      const before = Date.now();
      await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
      const { delivered, subscription } = subscribeTo(store, stream, { after: head });
      await eventually(() => expect(delivered).toHaveLength(1));
      await subscription.stop();
      const [fromStream] = await store.readStream(stream);
      const fromAll = (await store.readAll({ after: head })).find((recorded) => recorded.id === event.id);

      for (const recorded of [fromStream, fromAll, delivered[0]]) {
        expect(recorded).toMatchObject({ id: event.id, type: event.type, streamName: stream, revision: 0 });
        expect(recorded?.data).toStrictEqual(event.data);
        // The store adds the audit chain (see 'audit chain' below) and changes nothing else.
        expect(recorded?.metadata).toStrictEqual({
          ...event.metadata,
          integrity: { prev: null, hash: eventHash(hashedContentOf({ ...event, streamName: stream, revision: 0 }), null) },
        });
        expect(recorded?.recordedAt).toBeInstanceOf(Date);
        // Generous: a remote server's clock may differ from ours.
        expect(Math.abs((recorded?.recordedAt.getTime() ?? 0) - before)).toBeLessThan(10 * 60_000);
      }
    });

    describe('audit chain', () => {
      it('stores with each appended event the hash of its content, chained to the previous event of its stream', async () => {
        const stream = aStreamName();
        await store.appendToStream(stream, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 1 });
        await store.appendToStream(stream, [anEvent({ data: { token: { hash: 'h', ciphertext: 'c' }, shown: 1 } })], {
          expectedRevision: 'stream_exists',
        });
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 'any' });
        const events = await store.readStream(stream);
        let prev: string | null = null;
        for (const event of events) {
          const integrity = integrityOf(event.metadata);
          expect(integrity).toEqual({ prev, hash: eventHash(hashedContentOf(event), prev) });
          prev = integrity?.hash ?? null;
        }
        expect(new Set(events.map((event) => integrityOf(event.metadata)?.hash)).size).toBe(5);
      });

      it('starts every stream its own chain, whatever was appended to other streams in between', async () => {
        const [a, b] = [aStreamName(), aStreamName()];
        await store.appendToStream(a, [anEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(b, [anEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(a, [anEvent()], { expectedRevision: 0 });
        const [a0, a1] = await store.readStream(a);
        const [b0] = await store.readStream(b);
        expect(integrityOf(b0.metadata)?.prev).toBeNull();
        expect(integrityOf(a1.metadata)?.prev).toBe(integrityOf(a0.metadata)?.hash);
      });

      it('replaces an integrity the caller put in the metadata', async () => {
        const stream = aStreamName();
        const forged = { prev: 'f'.repeat(64), hash: 'f'.repeat(64) };
        const event = anEvent();
        await store.appendToStream(stream, [{ ...event, metadata: { ...event.metadata, integrity: forged } }], {
          expectedRevision: 'no_stream',
        });
        const [stored] = await store.readStream(stream);
        expect(integrityOf(stored.metadata)).toEqual({ prev: null, hash: eventHash(hashedContentOf(stored), null) });
      });

      it('chains the first event after one written before the chain to its hash as if it started a chain', async () => {
        if (!appendUnchained) throw new Error(`The ${name} contract needs appendUnchained to write pre-chain events`);
        const stream = aStreamName();
        await appendUnchained(store, stream, [anEvent(), anEvent()]);
        await store.appendToStream(stream, [anEvent(), anEvent()], { expectedRevision: 1 });
        const [legacy0, legacy1, first, second] = await store.readStream(stream);
        expect([legacy0, legacy1].map((event) => integrityOf(event.metadata))).toEqual([undefined, undefined]);
        const legacyHash = eventHash(hashedContentOf(legacy1), null);
        expect(integrityOf(first.metadata)).toEqual({ prev: legacyHash, hash: eventHash(hashedContentOf(first), legacyHash) });
        expect(integrityOf(second.metadata)?.prev).toBe(integrityOf(first.metadata)?.hash);
      });

      it('keeps the stored event and its hash when a batch is replayed', async () => {
        const stream = aStreamName();
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
        const batch = [anEvent()];
        await store.appendToStream(stream, batch, { expectedRevision: 0 });
        const [, before] = await store.readStream(stream);
        await store.appendToStream(stream, batch, { expectedRevision: 0 });
        const [, after] = await store.readStream(stream);
        expect(after).toEqual(before);
      });
    });

    describe('concurrent appends', () => {
      it('lets exactly one of 20 parallel no_stream appends win', async () => {
        const stream = aStreamName();
        const attempts = Array.from({ length: 20 }, () => anEvent());
        const outcomes = await Promise.allSettled(
          attempts.map((event) => store.appendToStream(stream, [event], { expectedRevision: 'no_stream' })),
        );
        expectOneWinner(outcomes);
        const stored = await store.readStream(stream);
        expect(stored).toHaveLength(1);
        expect(attempts[outcomes.findIndex((outcome) => outcome.status === 'fulfilled')].id).toBe(stored[0].id);
      });

      it('lets exactly one of 20 parallel appends at the same revision win', async () => {
        const stream = aStreamName();
        await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, () => store.appendToStream(stream, [anEvent()], { expectedRevision: 0 })),
        );
        expectOneWinner(outcomes);
        expect(await store.readStream(stream)).toHaveLength(2);
      });
    });

    it('close() lets an in-flight append finish, then refuses appends', async () => {
      const stream = aStreamName();
      const inFlight = store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
      const closing = store.close();
      await expect(inFlight).resolves.toMatchObject({ nextExpectedRevision: 0 });
      await closing;
      await expect(store.appendToStream(stream, [anEvent()], { expectedRevision: 0 })).rejects.toThrow(/closed/);
    });
  });
}

export function aStreamName(prefix = 'contract'): string {
  return `${prefix}-${randomUUID()}`;
}

export function anEvent(overrides: Partial<EventToAppend> = {}): EventToAppend {
  return {
    id: randomUUID(),
    type: 'ContractTestHappened',
    data: { value: randomUUID() },
    metadata: { actor: { type: 'system' }, at: new Date().toISOString(), correlationId: randomUUID() },
    ...overrides,
  };
}

/** Retries an assertion until it passes or the timeout elapses (then its last failure is thrown). */
export async function eventually(assertion: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await delay(10);
    }
  }
}

/**
 * Subscribes to $all, keeping every delivered event (`all`) and those of one stream (`delivered`).
 * `beforeRecord` runs inside the handler for the stream's events, before they are recorded.
 */
export function subscribeTo(
  store: EventStore,
  stream: string,
  options: Omit<SubscribeOptions, 'handler'> & { beforeRecord?: (event: RecordedEvent) => Promise<void> },
) {
  const delivered: RecordedEvent[] = [];
  const all: RecordedEvent[] = [];
  const errors: unknown[] = [];
  const subscription = store.subscribeToAll({
    onError: (error) => errors.push(error),
    ...options,
    handler: async (event) => {
      all.push(event);
      if (event.streamName !== stream) return;
      await options.beforeRecord?.(event);
      delivered.push(event);
    },
  });
  return { delivered, all, errors, subscription };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function expectStrictlyIncreasing(positions: number[]): void {
  positions.slice(1).forEach((position, index) => expect(position).toBeGreaterThan(positions[index]));
}

function expectOneWinner(outcomes: PromiseSettledResult<unknown>[]): void {
  expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
  }
}
