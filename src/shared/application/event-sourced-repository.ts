import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { Decider } from '../domain/decider';
import { DomainEvent } from '../domain/event';
import { CLOCK, Clock } from './clock';
import { CommandContext } from './command-context';
import { currentSchemaVersion, upcastEvent } from './event-schema-versions';
import { EVENT_STORE, EventStore, RecordedEvent, WrongExpectedRevisionError } from './event-store.port';

export interface LoadedStream<State> {
  readonly state: State;
  /** Revision of the last event folded in; -1 when the stream does not exist. */
  readonly revision: number;
}

export interface CommandResult<State, Event> extends LoadedStream<State> {
  readonly events: Event[];
  /** Global position of the last appended event; undefined when nothing was appended. */
  readonly position?: number;
}

/** Attempts of one decideAndAppend before a WrongExpectedRevisionError reaches the caller. */
export const MAX_ATTEMPTS = 20;

/** Full jitter, growing with the attempt up to 50 ms: colliding writers rarely meet twice. */
export const retryPauseMs = (attempt: number): number => Math.random() * Math.min(50, 2 * attempt);
const CACHE_SIZE = 10_000;
/** A snapshot is stored once this many events were folded since the last one. */
export const SNAPSHOT_EVERY = 500;

type AnyDecider = Decider<unknown, unknown, DomainEvent>;

interface CacheEntry {
  readonly decider: AnyDecider;
  readonly loaded: LoadedStream<unknown>;
  /** Revision of the newest snapshot stored (or read) for the stream; -1 for none. */
  readonly snapshotRevision: number;
}

/** Sorted key paths of a value: a state whose shape changed never starts from an old snapshot. */
function shapeOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.keys(value)
    .sort()
    .flatMap((key) => shapeOf((value as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key));
}

const snapshotVersions = new WeakMap<object, string>();

function snapshotVersionOf(decider: AnyDecider): string | undefined {
  if (!decider.snapshot) return undefined;
  let version = snapshotVersions.get(decider);
  if (version === undefined) {
    const shape = createHash('sha256').update(shapeOf(decider.initialState).join(',')).digest('base64url').slice(0, 16);
    version = `${decider.snapshot.version}/${shape}`;
    snapshotVersions.set(decider, version);
  }
  return version;
}

/**
 * Load → decide → append with the expected revision; on a concurrent write, load again and
 * re-decide (never "last writer wins"). Folded states are cached per stream with their
 * revision, so a command on a long stream only reads the events appended since. Deciders that
 * opt in (`snapshot`) also get their folded state stored every SNAPSHOT_EVERY events where the
 * event store can keep snapshots, so that a fresh process does not fold a long stream from 0.
 */
@Injectable()
export class EventSourcedRepository {
  private readonly cache = new Map<string, CacheEntry>();
  /** Per stream, the end of the queue of commands of this process waiting to decide on it. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async load<State, Event extends DomainEvent>(
    streamName: string,
    decider: Decider<never, State, Event>,
  ): Promise<LoadedStream<State>> {
    const anyDecider = decider as unknown as AnyDecider;
    const cached = this.cache.get(streamName);
    let start: CacheEntry | undefined = cached && cached.decider === anyDecider ? cached : undefined;
    start ??= await this.fromSnapshot(streamName, anyDecider);
    let loaded = (start?.loaded as LoadedStream<State> | undefined) ?? { state: decider.initialState, revision: -1 };
    let snapshotRevision = start?.snapshotRevision ?? -1;
    const newer = await this.store.readStream(streamName, { fromRevision: loaded.revision + 1 });
    if (newer.length > 0) loaded = this.foldInto(loaded, decider, newer);
    if (loaded.revision - snapshotRevision >= SNAPSHOT_EVERY && (await this.saveSnapshot(streamName, anyDecider, loaded))) {
      snapshotRevision = loaded.revision;
    }
    this.remember(streamName, anyDecider, loaded, snapshotRevision);
    return loaded;
  }

  private async fromSnapshot(streamName: string, decider: AnyDecider): Promise<CacheEntry | undefined> {
    const version = snapshotVersionOf(decider);
    if (version === undefined || !this.store.readSnapshot) return undefined;
    const snapshot = await this.store.readSnapshot(streamName);
    if (!snapshot || snapshot.version !== version) return undefined;
    return { decider, loaded: { state: snapshot.state, revision: snapshot.revision }, snapshotRevision: snapshot.revision };
  }

  /** Best effort: a snapshot that could not be stored only means a longer fold later. */
  private async saveSnapshot(streamName: string, decider: AnyDecider, loaded: LoadedStream<unknown>): Promise<boolean> {
    const version = snapshotVersionOf(decider);
    if (version === undefined || !this.store.saveSnapshot) return false;
    try {
      await this.store.saveSnapshot({ streamName, revision: loaded.revision, version, state: loaded.state });
      return true;
    } catch {
      return false;
    }
  }

  /** Folds recorded events up to and including `until` (an instant), for `?at=` views. */
  async loadAsOf<State, Event extends DomainEvent>(
    streamName: string,
    decider: Decider<never, State, Event>,
    until: Date,
  ): Promise<LoadedStream<State>> {
    const events = await this.store.readStream(streamName);
    const upTo = events.filter((event) => Date.parse(event.metadata.at) <= until.getTime());
    return this.foldInto({ state: decider.initialState, revision: -1 }, decider, upTo);
  }

  /**
   * The write path of every use case: load the stream, let the decider decide, append the
   * events expecting the revision they were decided on. When another writer got there first
   * (WrongExpectedRevisionError), load again and decide again, after a short jittered pause
   * so that writers colliding on one hot stream spread out; never "last writer wins".
   *
   * `beforeAppend` runs on every attempt between decide and append, with the events about to be
   * appended: a use case that must reserve something elsewhere first (sibling-domain claims,
   * R4) does it there, based on the same revision the append then expects.
   */
  async decideAndAppend<Command, State, Event extends DomainEvent>(
    streamName: string,
    decider: Decider<Command, State, Event>,
    command: Command | ((state: State, revision: number) => Command),
    context: CommandContext,
    beforeAppend?: (events: Event[], loaded: LoadedStream<State>) => Promise<void>,
  ): Promise<CommandResult<State, Event>> {
    // Commands of this process on one stream take turns, so that on a hot stream (every signup
    // of a popular link appends to its tenant) they do not race each other into revision
    // conflicts, wasted decisions and, at worst, MAX_ATTEMPTS failures. Other processes still
    // meet the expected revision. Not with beforeAppend: it writes elsewhere, and holding this
    // stream's turn meanwhile could wait on a command that waits on us.
    if (beforeAppend) return this.decideAndAppendRetrying(streamName, decider, command, context, beforeAppend);
    return this.inTurn(streamName, () => this.decideAndAppendRetrying(streamName, decider, command, context));
  }

  private async decideAndAppendRetrying<Command, State, Event extends DomainEvent>(
    streamName: string,
    decider: Decider<Command, State, Event>,
    command: Command | ((state: State, revision: number) => Command),
    context: CommandContext,
    beforeAppend?: (events: Event[], loaded: LoadedStream<State>) => Promise<void>,
  ): Promise<CommandResult<State, Event>> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(streamName, decider as Decider<never, State, Event>);
      const resolved =
        typeof command === 'function'
          ? (command as (state: State, revision: number) => Command)(loaded.state, loaded.revision)
          : command;
      const events = decider.decide(resolved, loaded.state);
      try {
        if (beforeAppend && events.length > 0) await beforeAppend(events, loaded);
        return await this.appendDecided(streamName, decider, loaded, events, context);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, retryPauseMs(attempt)));
      }
    }
  }

  /**
   * Appends events decided on `loaded` (expecting its revision) and caches the new state.
   * Throws WrongExpectedRevisionError when the stream moved on; the caller re-decides.
   */
  private async appendDecided<State, Event extends DomainEvent>(
    streamName: string,
    decider: Decider<never, State, Event>,
    loaded: LoadedStream<State>,
    events: Event[],
    context: CommandContext,
  ): Promise<CommandResult<State, Event>> {
    if (events.length === 0) return { ...loaded, events };
    const at = this.clock.now().toISOString();
    try {
      const result = await this.store.appendToStream(
        streamName,
        events.map((event) => ({
          id: randomUUID(),
          type: event.type,
          data: event.data as Record<string, unknown>,
          metadata: { actor: context.actor, at, correlationId: context.correlationId, schemaVersion: currentSchemaVersion(event.type) },
        })),
        { expectedRevision: loaded.revision === -1 ? 'no_stream' : loaded.revision },
      );
      const next = { state: events.reduce(decider.evolve, loaded.state), revision: result.nextExpectedRevision };
      const snapshotRevision = this.cache.get(streamName)?.snapshotRevision ?? -1;
      this.remember(streamName, decider as unknown as AnyDecider, next, snapshotRevision);
      return { ...next, events, position: result.position };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) this.cache.delete(streamName);
      throw error;
    }
  }

  /** Runs `work` once every earlier call for `streamName` has settled. */
  private inTurn<T>(streamName: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(streamName);
    const result = previous ? previous.then(work) : work();
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(streamName, settled);
    void settled.then(() => {
      if (this.queues.get(streamName) === settled) this.queues.delete(streamName);
    });
    return result;
  }

  private foldInto<State, Event extends DomainEvent>(
    loaded: LoadedStream<State>,
    decider: Decider<never, State, Event>,
    events: readonly RecordedEvent[],
  ): LoadedStream<State> {
    let state = loaded.state;
    for (const recorded of events) {
      const event = upcastEvent(recorded);
      state = decider.evolve(state, { type: event.type, data: event.data } as Event);
    }
    return { state, revision: events.length > 0 ? events[events.length - 1].revision : loaded.revision };
  }

  private remember(streamName: string, decider: AnyDecider, loaded: LoadedStream<unknown>, snapshotRevision: number): void {
    this.cache.delete(streamName);
    this.cache.set(streamName, { decider, loaded, snapshotRevision });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
  }
}
