import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
} from '@kurrent/kurrentdb-client';
import {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
} from '../../../shared/application/event-store.port';
import { assertAppendableBatch } from '../append-batch';
import { chainEvents } from '../chain-events';
import { isSystemEvent, toActualRevision, toPosition, toRecordedEvent, toStreamState } from './kurrentdb-mapping';
import { KurrentDbSubscription } from './kurrentdb-subscription';

/** Production event store on KurrentDB (EventStoreDB's successor), through its gRPC client. */
export class KurrentDbEventStore implements EventStore {
  private readonly client: KurrentDBClient;
  private readonly inFlightAppends = new Set<Promise<unknown>>();
  private readonly subscriptions = new Set<KurrentDbSubscription>();
  private closed = false;

  constructor(connectionString: string) {
    this.client = KurrentDBClient.connectionString(connectionString);
  }

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    if (this.closed) throw new Error('KurrentDbEventStore is closed: cannot append to it');
    assertAppendableBatch(streamName, events);
    const append = this.append(streamName, events, options.expectedRevision);
    this.inFlightAppends.add(append);
    try {
      return await append;
    } finally {
      this.inFlightAppends.delete(append);
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount === 0) return [];
    const events: RecordedEvent[] = [];
    try {
      const reading = this.client.readStream(streamName, {
        direction: FORWARDS,
        fromRevision: options.fromRevision === undefined ? START : BigInt(options.fromRevision),
        maxCount: options.maxCount,
      });
      for await (const resolved of reading) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event, resolved.commitPosition));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const wanted = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    let after = options.after;
    // Reads from a position include the event at it, and the client-side system-stream check may
    // drop some: read pages until `wanted` user events are collected or the log ends.
    while (events.length < wanted) {
      const pageSize = Number.isFinite(wanted) ? wanted - events.length + 1 : undefined;
      let seen = 0;
      const reading = this.client.readAll({
        direction: FORWARDS,
        fromPosition: after === undefined ? START : toPosition(after),
        maxCount: pageSize,
        filter: excludeSystemEvents(),
      });
      for await (const resolved of reading) {
        seen += 1;
        const event = resolved.event;
        if (!event || (after !== undefined && Number(event.position.commit) <= after)) continue;
        after = Number(event.position.commit);
        if (!isSystemEvent(event) && events.length < wanted) events.push(toRecordedEvent(event));
      }
      if (pageSize === undefined || seen < pageSize) break;
    }
    return events;
  }

  /** The type filter leaves out the server's own events, which all have `$`-prefixed types. */
  async headPosition(): Promise<number | undefined> {
    const reading = this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      filter: excludeSystemEvents(),
    });
    for await (const resolved of reading) {
      if (resolved.event) return Number(resolved.event.position.commit);
    }
    return undefined;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    if (this.closed) throw new Error('KurrentDbEventStore is closed: cannot subscribe to it');
    const source = this.client.subscribeToAll({
      fromPosition: options.after === undefined ? START : toPosition(options.after),
      filter: excludeSystemEvents(),
    });
    const subscription = new KurrentDbSubscription(source, options, (ended) => this.subscriptions.delete(ended));
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.inFlightAppends);
    await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  /**
   * Chains the batch to the stream's event at the expected revision, read just before the append.
   * An exact expected revision makes that safe with several instances appending: if another one
   * wrote in between, the server refuses the append, so no event is ever stored with a stale `prev`.
   * 'any' and 'stream_exists' give the server no such guard, so they are turned into the revision
   * read and retried on a conflict (nothing in the service appends with them today).
   */
  private async append(
    streamName: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    if (typeof expected === 'number' || expected === 'no_stream') {
      const predecessor = expected === 'no_stream' ? undefined : await this.eventAt(streamName, expected);
      if (expected !== 'no_stream' && !predecessor) {
        throw new WrongExpectedRevisionError(streamName, expected, await this.currentRevision(streamName));
      }
      return this.appendChained(streamName, events, expected, expected, predecessor);
    }
    for (let attempt = 1; ; attempt++) {
      const last = await this.lastEvent(streamName);
      if (!last && expected === 'stream_exists') throw new WrongExpectedRevisionError(streamName, expected, 'no_stream');
      const replayed = last && (await this.replayedAtTail(streamName, events, last));
      if (replayed) return replayed;
      try {
        return await this.appendChained(streamName, events, last ? last.revision : 'no_stream', expected, last);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= 10) throw error;
      }
    }
  }

  private async appendChained(
    streamName: string,
    events: readonly EventToAppend[],
    at: number | 'no_stream',
    expected: ExpectedRevision,
    predecessor: RecordedEvent | undefined,
  ): Promise<AppendResult> {
    const chained = chainEvents(streamName, at === 'no_stream' ? 0 : at + 1, predecessor, events);
    try {
      const result = await this.client.appendToStream(
        streamName,
        chained.map((event) =>
          jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: { ...event.metadata } }),
        ),
        { streamState: toStreamState(at) },
      );
      // Only reachable when the connection string sets throwOnAppendFailure=false; the client's
      // nextExpectedRevision is unreliable then (1.3.x), so the actual revision is read back.
      if (!result.success) {
        throw new WrongExpectedRevisionError(streamName, expected, await this.currentRevision(streamName));
      }
      const nextExpectedRevision = Number(result.nextExpectedRevision);
      const position = result.position
        ? Number(result.position.commit)
        : await this.positionOf(streamName, nextExpectedRevision);
      return { nextExpectedRevision, position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(streamName, expected, toActualRevision(error.actualState));
      }
      throw error;
    }
  }

  private async eventAt(streamName: string, revision: number): Promise<RecordedEvent | undefined> {
    const [event] = await this.readStream(streamName, { fromRevision: revision, maxCount: 1 });
    return event?.revision === revision ? event : undefined;
  }

  private async lastEvent(streamName: string): Promise<RecordedEvent | undefined> {
    try {
      for await (const resolved of this.client.readStream(streamName, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        if (resolved.event) return toRecordedEvent(resolved.event, resolved.commitPosition);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return undefined;
  }

  /**
   * A retried 'any' batch whose events already end the stream is answered as stored (the server
   * would also see it as a replay at the revision it was written at, not at the one read now).
   */
  private async replayedAtTail(
    streamName: string,
    events: readonly EventToAppend[],
    last: RecordedEvent,
  ): Promise<AppendResult | undefined> {
    if (last.id !== events[events.length - 1].id || last.revision < events.length - 1) return undefined;
    const tail = await this.readStream(streamName, { fromRevision: last.revision - events.length + 1, maxCount: events.length });
    const sameIds = tail.length === events.length && tail.every((event, index) => event.id === events[index].id);
    return sameIds ? { nextExpectedRevision: last.revision, position: last.position } : undefined;
  }

  private async currentRevision(streamName: string): Promise<number | 'no_stream'> {
    try {
      for await (const resolved of this.client.readStream(streamName, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        if (resolved.event) return Number(resolved.event.revision);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return 'no_stream';
  }

  /** Fallback for an idempotent replay answered without a position. */
  private async positionOf(streamName: string, revision: number): Promise<number> {
    const [event] = await this.readStream(streamName, { fromRevision: revision, maxCount: 1 });
    if (!event) throw new Error(`KurrentDB acknowledged ${streamName}@${revision} but the event cannot be read`);
    return event.position;
  }
}
