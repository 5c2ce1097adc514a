import { Clock, systemClock } from '../../shared/application/clock';
import { EventStore, RecordedEvent, Subscription } from '../../shared/application/event-store.port';
import { DocumentStore } from '../../shared/application/document-store.port';
import { Projection } from '../../shared/application/projection.port';

export type ProjectionLogger = (message: string, error?: unknown) => void;

export interface ProjectionRunnerOptions {
  /** Most events applied in one transaction. Default 500. */
  readonly batchSize?: number;
  /**
   * Shortest time between the end of one commit and the start of the next, unless someone waits
   * (waitForPosition) for a buffered event. Default 10 ms. See ProjectionRunner.
   */
  readonly commitIntervalMs?: number;
  /** Pause before retrying a failed batch or a failed subscription. Default 1000 ms. */
  readonly retryDelayMs?: number;
  readonly log?: ProjectionLogger;
  /** Wall clock compared with the event store's `recordedAt` for millisecondsBehind. Default: system time. */
  readonly clock?: Clock;
}

export interface ProjectionLag {
  readonly lastAppliedPosition: number | undefined;
  readonly headPosition: number | undefined;
  /** Events in the log after lastAppliedPosition, counted up to LAG_COUNT_LIMIT. */
  readonly eventsBehind: number;
  /**
   * How long the oldest event not yet applied has been waiting: now minus its `recordedAt` (the
   * event store's clock; clamped at 0 should the two clocks disagree). 0 when caught up.
   */
  readonly millisecondsBehind: number;
}

export const LAG_COUNT_LIMIT = 1000;

export class ReadModelTimeoutError extends Error {
  constructor(
    readonly position: number,
    readonly timeoutMs: number,
    readonly lastAppliedPosition: number | undefined,
  ) {
    super(
      `Read models did not reach position ${position} within ${timeoutMs} ms ` +
        `(last applied: ${lastAppliedPosition ?? 'none'})`,
    );
    this.name = 'ReadModelTimeoutError';
  }
}

interface Waiter {
  readonly position: number;
  readonly resolve: () => void;
}

/**
 * Feeds one projection from a catch-up subscription to all events, resuming after its checkpoint.
 * Events are applied strictly in log order, in batches: a batch's documents and its checkpoint
 * commit in one transaction. A failing batch is logged and retried, never skipped: a read model
 * with a hole in it would be silently wrong, a stalled one is visibly late.
 *
 * When a batch closes. Under a steady trickle (signups arriving one after another) committing
 * every event as it comes would cost one transaction per event, and each one rewrites the same
 * hot pages (a tenant, its invite link, today's counter, the index pages). So:
 * - a batch closes at once when it is full, or when someone waits (waitForPosition) for one of
 *   its events: read-your-writes never waits for a timer;
 * - for commitIntervalMs after any wait, every event is applied at the next turn too, as before
 *   batching: a command may append events after the one it waits for, and its client's next
 *   read expects them (the service's read-your-writes test checks every event of a command);
 * - otherwise it closes at the next turn of the event loop, but no sooner than `commitIntervalMs`
 *   after the previous commit ended. After a quiet spell an event is applied as promptly as
 *   ever; under load, what arrives while a batch commits or soon after goes into the next batch
 *   together, and commits happen at most about once per interval.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly retryDelayMs: number;
  private readonly log: ProjectionLogger;
  private readonly clock: Clock;

  private lastApplied: number | undefined;
  /** Position of the newest event taken from the subscription (buffered or applied). */
  private lastReceived: number | undefined;
  private buffer: RecordedEvent[] = [];
  private flushChain: Promise<void> = Promise.resolve();
  private readonly commitIntervalMs: number;
  /** When someone last called waitForPosition (performance.now()): prompt mode for commitIntervalMs. */
  private lastWaitAt = -Infinity;
  /** When the last commit ended (performance.now()), for commitIntervalMs. */
  private lastCommitEndedAt = -Infinity;
  /** The next flush, scheduled (a timer or an immediate) and not yet begun. */
  private scheduledFlush: { readonly atNextTurn: boolean; readonly cancel: () => void } | undefined;
  /** Transactions committed since this runner was created: what batching saves, observable. */
  private committed = 0;
  private subscription: Subscription | undefined;
  private running = false;
  private stopping = false;
  private readonly pendingDelays = new Set<() => void>();
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly eventStore: EventStore,
    private readonly store: DocumentStore,
    private readonly projection: Projection,
    options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.commitIntervalMs = options.commitIntervalMs ?? 10;
    this.log = options.log ?? ((message, error) => console.error(message, error));
    this.clock = options.clock ?? systemClock;
  }

  get lastAppliedPosition(): number | undefined {
    return this.lastApplied;
  }

  /** Batches committed by this runner so far (one transaction each). */
  get committedBatches(): number {
    return this.committed;
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.store.ensureCollections(this.projection.collections);
    await this.store.ensureIndexes(this.projection.indexes);
    this.lastApplied = await this.store.getCheckpoint(this.projection.name);
    this.lastReceived = this.lastApplied;
    this.buffer = [];
    this.running = true;
    this.stopping = false;
    this.notifyWaiters();
    this.subscribe();
  }

  /** Stops receiving, then waits for the in-flight batch and applies what is already buffered. */
  async stop(): Promise<void> {
    if (!this.running || this.stopping) return;
    this.stopping = true;
    for (const wake of this.pendingDelays) wake();
    this.cancelScheduledFlush();
    await this.subscription?.stop();
    this.subscription = undefined;
    await this.flush();
    this.running = false;
  }

  /** Resolves once every event up to `position` is applied; rejects with ReadModelTimeoutError. */
  waitForPosition(position: number, timeoutMs = 5000): Promise<void> {
    // A command waits for one position, but it may have appended more events after it (a
    // registration closes its reservation after the account the command waits for): those are
    // buffered or about to be delivered, and its client expects them applied as well when it
    // reads next. So a wait puts the runner in prompt mode for a while (see receive()).
    this.lastWaitAt = performance.now();
    if (this.buffer.length > 0) this.flushNow();
    if (this.lastApplied !== undefined && this.lastApplied >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new ReadModelTimeoutError(position, timeoutMs, this.lastApplied));
      }, timeoutMs);
      const waiter: Waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.add(waiter);
    });
  }

  async lag(): Promise<ProjectionLag> {
    const lastAppliedPosition = this.lastApplied;
    const headPosition = await this.eventStore.headPosition();
    const caughtUp = headPosition === undefined || (lastAppliedPosition ?? -Infinity) >= headPosition;
    if (caughtUp) return { lastAppliedPosition, headPosition, eventsBehind: 0, millisecondsBehind: 0 };
    // Positions need not be consecutive (KurrentDB commit positions), so count events instead.
    const pending = await this.eventStore.readAll({ after: lastAppliedPosition, maxCount: LAG_COUNT_LIMIT });
    const oldest = pending[0];
    const millisecondsBehind = oldest ? Math.max(0, this.clock.now().getTime() - oldest.recordedAt.getTime()) : 0;
    return { lastAppliedPosition, headPosition, eventsBehind: pending.length, millisecondsBehind };
  }

  private subscribe(): void {
    this.subscription = this.eventStore.subscribeToAll({
      after: this.lastReceived,
      handler: (event) => this.receive(event),
      onCaughtUp: () => this.scheduleFlush(),
      onError: (error) => void this.resubscribeAfter(error),
    });
  }

  private async resubscribeAfter(error: unknown): Promise<void> {
    this.log(`Projection ${this.projection.name}: subscription failed; resubscribing`, error);
    await this.delay(this.retryDelayMs);
    if (this.running && !this.stopping) this.subscribe();
  }

  private async receive(event: RecordedEvent): Promise<void> {
    // At-least-once adapters may redeliver after a resubscription; the order guarantee is ours.
    if (this.lastReceived !== undefined && event.position <= this.lastReceived) return;
    this.buffer.push(event);
    this.lastReceived = event.position;
    if (this.buffer.length >= this.batchSize) {
      // Holding the subscription here keeps at most about two batches in memory.
      this.cancelScheduledFlush();
      await this.flush();
    } else if (this.someoneWaitsFor(event.position) || performance.now() - this.lastWaitAt < this.commitIntervalMs) {
      this.flushNow();
    } else {
      this.scheduleFlush();
    }
  }

  private someoneWaitsFor(position: number): boolean {
    for (const waiter of this.waiters) if (waiter.position <= position) return true;
    return false;
  }

  /**
   * A flush at the next turn of the event loop (so that events delivered in this turn join the
   * batch), or once commitIntervalMs has passed since the last commit, whichever is later.
   */
  private scheduleFlush(): void {
    if (this.scheduledFlush || this.buffer.length === 0 || this.stopping) return;
    const wait = this.lastCommitEndedAt + this.commitIntervalMs - performance.now();
    if (wait > 0) {
      const timer = setTimeout(() => {
        this.scheduledFlush = undefined;
        void this.flush();
      }, wait);
      this.scheduledFlush = { atNextTurn: false, cancel: () => clearTimeout(timer) };
    } else {
      this.flushAtNextTurn();
    }
  }

  /** A waiter's event is buffered: the next turn, not the timer (events of this turn still join). */
  private flushNow(): void {
    if (this.scheduledFlush?.atNextTurn || this.stopping) return;
    this.cancelScheduledFlush();
    this.flushAtNextTurn();
  }

  private flushAtNextTurn(): void {
    const immediate = setImmediate(() => {
      this.scheduledFlush = undefined;
      void this.flush();
    });
    this.scheduledFlush = { atNextTurn: true, cancel: () => clearImmediate(immediate) };
  }

  private cancelScheduledFlush(): void {
    this.scheduledFlush?.cancel();
    this.scheduledFlush = undefined;
  }

  /** Never rejects: failures are retried inside. Batches run one after another. */
  private flush(): Promise<void> {
    this.flushChain = this.flushChain.then(() => this.applyBuffered());
    return this.flushChain;
  }

  private async applyBuffered(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    const last = batch[batch.length - 1].position;
    for (;;) {
      try {
        await this.store.transaction(async () => {
          for (const event of batch) await this.projection.apply(event, this.store);
          await this.store.saveCheckpoint(this.projection.name, last);
        });
        this.committed++;
        break;
      } catch (error) {
        this.log(
          `Projection ${this.projection.name}: batch of positions ${batch[0].position}..${last} failed; ` +
            `retrying in ${this.retryDelayMs} ms`,
          error,
        );
        // Stopping drops the batch: it was not committed, so a restart reads it again.
        if (this.stopping) return;
        await this.delay(this.retryDelayMs);
        if (this.stopping) return;
      }
    }
    this.lastApplied = last;
    this.lastCommitEndedAt = performance.now();
    this.notifyWaiters();
    // What arrived while this batch committed waits for the next one, after the interval.
    this.scheduleFlush();
  }

  private notifyWaiters(): void {
    if (this.lastApplied === undefined) return;
    for (const waiter of this.waiters) {
      if (waiter.position <= this.lastApplied) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** A pause that stop() cuts short. */
  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.pendingDelays.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.pendingDelays.add(done);
    });
  }
}
