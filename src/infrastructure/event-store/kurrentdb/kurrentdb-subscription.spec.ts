import { AllStreamResolvedEvent, AllStreamSubscription } from '@kurrent/kurrentdb-client';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { RecordedEvent } from '../../../shared/application/event-store.port';
import { KurrentDbSubscription } from './kurrentdb-subscription';

// No KurrentDB server runs here (the contract suite covers the adapter against a real one when
// EVENT_STORE_URL is set). This checks only our driving of the client's Readable: ordering,
// checkpoint skipping, caught-up timing and stopping, with a stand-in for that Readable.
class StandInSubscription extends PassThrough {
  unsubscribed = false;

  constructor() {
    super({ objectMode: true });
  }

  async unsubscribe(): Promise<void> {
    this.unsubscribed = true;
  }
}

function resolved(position: number, overrides: { streamId?: string; type?: string } = {}): AllStreamResolvedEvent {
  return {
    event: {
      streamId: overrides.streamId ?? 'thing-1',
      id: randomUUID(),
      isJson: true,
      revision: BigInt(position),
      type: overrides.type ?? 'ThingHappened',
      created: new Date(),
      data: { position },
      metadata: { actor: { type: 'system' }, at: new Date().toISOString(), correlationId: 'c' },
      position: { commit: BigInt(position), prepare: BigInt(position) },
    },
    commitPosition: BigInt(position),
  };
}

describe('KurrentDbSubscription', () => {
  let source: StandInSubscription;
  const start = (options: Partial<ConstructorParameters<typeof KurrentDbSubscription>[1]> & {
    handler: (event: RecordedEvent) => Promise<void> | void;
  }) => new KurrentDbSubscription(source as unknown as AllStreamSubscription, options, () => undefined);

  beforeEach(() => {
    source = new StandInSubscription();
  });

  it('delivers user events strictly after the checkpoint, one at a time, in order', async () => {
    const positions: number[] = [];
    let running = 0;
    let overlapped = false;
    const subscription = start({
      after: 20,
      handler: async (event) => {
        overlapped ||= ++running > 1;
        await delay(5);
        positions.push(event.position);
        running -= 1;
      },
    });
    for (const event of [
      resolved(20),
      resolved(30),
      resolved(35, { type: '$metadata' }),
      resolved(38, { streamId: '$stats-1' }),
      resolved(40),
    ]) {
      source.write(event);
    }
    await delay(100);
    await subscription.stop();
    expect(positions).toEqual([30, 40]);
    expect(overlapped).toBe(false);
  });

  it('reports catching up only once the buffered history has been handled', async () => {
    const handled: number[] = [];
    const caughtUp: { at: number | undefined; handled: number }[] = [];
    const subscription = start({
      handler: async (event) => {
        await delay(5);
        handled.push(event.position);
      },
      onCaughtUp: (at) => caughtUp.push({ at, handled: handled.length }),
    });
    source.write(resolved(10));
    source.write(resolved(20));
    source.write(resolved(30));
    source.emit('caughtUp', {});
    await delay(100);
    expect(caughtUp).toEqual([{ at: 30, handled: 3 }]);
    source.emit('caughtUp', {});
    expect(caughtUp).toHaveLength(2);
    await subscription.stop();
  });

  it('stop() waits for the running handler, unsubscribes and ends the loop', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const handled: number[] = [];
    const subscription = start({
      handler: async (event) => {
        await released;
        handled.push(event.position);
      },
    });
    source.write(resolved(1));
    source.write(resolved(2));
    await delay(20);
    let stopped = false;
    const stopping = subscription.stop().then(() => (stopped = true));
    await delay(20);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(source.unsubscribed).toBe(true);
    expect(handled).toEqual([1]);
  });

  it('stops and reports a failing handler to onError', async () => {
    const failure = new Error('boom');
    const errors: unknown[] = [];
    let calls = 0;
    const subscription = start({
      handler: () => {
        calls += 1;
        throw failure;
      },
      onError: (error) => errors.push(error),
    });
    source.write(resolved(1));
    source.write(resolved(2));
    await delay(50);
    expect(errors).toEqual([failure]);
    expect(calls).toBe(1);
    expect(source.unsubscribed).toBe(true);
    await subscription.stop();
  });

  it('reports a broken connection to onError', async () => {
    const errors: unknown[] = [];
    const subscription = start({ handler: () => undefined, onError: (error) => errors.push(error) });
    const failure = new Error('connection lost');
    source.destroy(failure);
    await delay(20);
    expect(errors).toEqual([failure]);
    await subscription.stop();
  });
});
