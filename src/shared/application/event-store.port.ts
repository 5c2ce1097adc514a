import { EventMetadata } from '../domain/event';

/** DI token of the EventStore port. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * What an append expects of the stream:
 * - `'any'`: no check;
 * - `'no_stream'`: the stream must not exist yet (uniqueness reservations use this);
 * - `'stream_exists'`: the stream must exist;
 * - a number: the revision of the stream's last event (revisions start at 0).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface EventToAppend {
  /** Unique event id (UUID). Appending an event id that the stream already holds is a no-op. */
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly streamName: string;
  /** 0-based position of the event inside its stream. */
  readonly revision: number;
  /**
   * Position in the global log: strictly increasing in the order `readAll` returns events.
   * SQLite: a sequence number. KurrentDB: the commit position (fits in a double up to 9 PB).
   */
  readonly position: number;
  readonly data: Record<string, unknown>;
  readonly metadata: EventMetadata;
  /** When the store recorded the event. */
  readonly recordedAt: Date;
}

export interface AppendResult {
  /** Revision of the last event in the stream after the append. */
  readonly nextExpectedRevision: number;
  /** Global position of the last event appended (or of the existing one for a replayed id). */
  readonly position: number;
}

export interface ReadStreamOptions {
  /** First revision to return (inclusive). Default 0. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Return events strictly after this position. Default: from the beginning. */
  readonly after?: number;
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  /** Checkpoint: deliver events strictly after this position; undefined = from the beginning. */
  readonly after?: number;
  /**
   * Called once per event, in global order. The next event is not delivered before the
   * returned promise settles; a rejection stops the subscription and is reported to onError.
   */
  readonly handler: (event: RecordedEvent) => Promise<void> | void;
  readonly onError?: (error: unknown) => void;
  /** Called when the subscription has caught up with the end of the log (may be called repeatedly). */
  readonly onCaughtUp?: (position: number | undefined) => void;
}

export interface Subscription {
  stop(): Promise<void>;
}

/** Thrown when an append's expectation does not hold. Handlers re-decide and retry. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`Wrong expected revision on stream ${streamName}: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** A stream's folded state at `revision`, stored so that later loads need not start from 0. */
export interface StreamSnapshot {
  readonly streamName: string;
  readonly revision: number;
  /** Identifies the decider version that folded it; any other version ignores it. */
  readonly version: string;
  readonly state: unknown;
}

export interface EventStore {
  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  /** Events of one stream in revision order; an empty array when the stream does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of all streams in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the newest event, or undefined for an empty store. */
  headPosition(): Promise<number | undefined>;
  /** Catch-up subscription to all events: history first, then live events, without gaps. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Resolves once in-flight appends have finished; later appends are refused. */
  close(): Promise<void>;
  /**
   * Optional snapshot storage (an optimisation only: events stay the truth). Adapters without it
   * leave both out and every load folds the whole stream.
   */
  readSnapshot?(streamName: string): Promise<StreamSnapshot | undefined>;
  /** Keeps the snapshot unless a newer one (higher revision) is stored already. */
  saveSnapshot?(snapshot: StreamSnapshot): Promise<void>;
}
