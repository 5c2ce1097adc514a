import { EventStore } from '../../shared/application/event-store.port';
import { Document, DocumentStore, FindQuery, IndexSpec, VersionedDocument } from '../../shared/application/document-store.port';
import { ReadModelSource } from '../../shared/application/read-models.port';
import { Projection } from '../../shared/application/projection.port';
import { ProjectionRunner, ProjectionRunnerOptions, ReadModelTimeoutError } from './projection-runner';
import { INITIAL_GENERATION, ReadModelStorage } from './read-model-storage';

export interface ReadModelHostOptions extends ProjectionRunnerOptions {
  /** Where the generations live. Without it the host serves its first store for good. */
  readonly storage?: ReadModelStorage;
  /** The generation the first store belongs to. Default INITIAL_GENERATION. */
  readonly generation?: string;
  /** How often the generation pointer is read. Default 500 ms. */
  readonly pointerPollMs?: number;
  /** Switches and clean-ups (failures go to `log`). */
  readonly info?: (message: string) => void;
  /** How long the previous generation is kept after a switch. Default: the storage's. */
  readonly previousGenerationGraceMs?: number;
}

/** Same default as ProjectionRunner.waitForPosition. */
const DEFAULT_WAIT_MS = 5000;
/** A switch waits this long at most for queries still running on the old storage. */
const DRAIN_TIMEOUT_MS = 30_000;
/** Catch-up waits are sliced so that stop() can interrupt a switch. */
const CATCH_UP_SLICE_MS = 250;

interface Generation {
  readonly name: string;
  readonly store: DocumentStore;
  readonly runner: ProjectionRunner;
  /** Settles when another generation has taken this one's place. */
  readonly replaced: Promise<void>;
  readonly markReplaced: () => void;
  /** Store calls in progress, so that the storage is closed only once they are done. */
  inFlight: number;
  onIdle?: () => void;
}

class SwitchInterrupted extends Error {
  constructor() {
    super('Read models: switch interrupted because the service is stopping');
    this.name = 'SwitchInterrupted';
  }
}

const reached = (runner: ProjectionRunner, position: number | undefined) =>
  position === undefined || (runner.lastAppliedPosition !== undefined && runner.lastAppliedPosition >= position);

/**
 * Owns the read-model storage generation the service currently reads from, and the projection
 * runner that keeps it up to date. Queries, health and metrics always go through `store` and
 * `runner`, so the pair can be replaced while the service runs: when the generation pointer
 * (see read-model-storage.ts) names another generation, typically one a rebuild has just
 * filled, the host opens it, runs a second projection runner on it from its own checkpoint
 * until it has caught up with the event log AND with the current runner, then swaps both in
 * one assignment and retires the old generation (stop its runner, let running queries finish,
 * close, drop). Requests never wait for a switch and never see half of one.
 */
export class ReadModelHost implements ReadModelSource {
  private active: Generation;
  private readonly storage: ReadModelStorage | undefined;
  private readonly pointerPollMs: number;
  private readonly info: (message: string) => void;
  private readonly log: NonNullable<ProjectionRunnerOptions['log']>;
  /** Pointer checks, switches and clean-ups run one after another. */
  private chain: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private poller: NodeJS.Timeout | undefined;
  private stopping = false;
  private lastPollError: string | undefined;
  private announced: string | undefined;
  /** The generation the stable names were last made to show by this host. */
  private published: string | undefined;
  private dropTimer: NodeJS.Timeout | undefined;

  /**
   * Reads through whichever generation is active when each call starts. The host owns the
   * storage it opened, so close() here does nothing: stop the host instead.
   */
  readonly store: DocumentStore;

  /**
   * What the ReadModels implementation should read through: unlike `runner`, its waitForPosition
   * follows a switch, so a read-your-writes wait that began on the old generation resolves
   * once the generation that answers the next query has the write.
   */
  readonly forQueries: ReadModelSource;

  /** Opens the generation the pointer names; `start()` then follows the pointer. */
  static async open(
    eventStore: EventStore,
    storage: ReadModelStorage,
    projection: Projection,
    options: Omit<ReadModelHostOptions, 'storage' | 'generation'> = {},
  ): Promise<ReadModelHost> {
    const generation = await storage.currentGeneration();
    const store = await storage.openGeneration(generation, { dateFields: projection.dateFields });
    return new ReadModelHost(eventStore, store, projection, { ...options, storage, generation });
  }

  constructor(
    private readonly eventStore: EventStore,
    store: DocumentStore,
    private readonly projection: Projection,
    private readonly options: ReadModelHostOptions = {},
  ) {
    this.storage = options.storage;
    this.pointerPollMs = options.pointerPollMs ?? 500;
    this.info = options.info ?? (() => undefined);
    this.log = options.log ?? ((message, error) => console.error(message, error));
    this.active = this.generationOf(options.generation ?? INITIAL_GENERATION, store);
    this.store = this.routingStore();
    this.forQueries = {
      store: this.store,
      runner: { waitForPosition: (position, timeoutMs) => this.waitForPosition(position, timeoutMs) },
    };
  }

  get runner(): ProjectionRunner {
    return this.active.runner;
  }

  /** Name of the generation the service reads from. */
  get generation(): string {
    return this.active.name;
  }

  async start(): Promise<void> {
    await this.active.runner.start();
    if (!this.storage || this.stopping) return;
    // A data directory or database from before stable names gets them here; a failure is
    // retried at every poll.
    void this.enqueue(() => this.publish(false)).catch((error: unknown) =>
      this.log('Read models: could not publish the stable names; retrying', error),
    );
    // A rebuild that switched while no service ran leaves its predecessor for us to drop.
    void this.enqueue(() => this.dropPreviousGeneration()).catch((error: unknown) =>
      this.log('Read models: could not drop the previous generation', error),
    );
    this.poller = setInterval(() => this.poll(), this.pointerPollMs);
    this.poller.unref();
  }

  /**
   * Reads the pointer now and, if it names another generation, switches to it. Resolves with
   * the generation in use afterwards (a switch in progress is awaited).
   */
  checkForNewGeneration(): Promise<string> {
    return this.enqueue(() => this.followPointer());
  }

  /**
   * Resolves once every event up to `position` is applied in the generation that serves
   * queries at that moment; rejects with ReadModelTimeoutError after `timeoutMs`.
   */
  async waitForPosition(position: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const generation = this.active;
      const wait = generation.runner.waitForPosition(position, Math.max(0, deadline - Date.now()));
      // Abandoned when the generation is replaced: its runner stops and the wait times out.
      wait.catch(() => undefined);
      const outcome = await Promise.race([wait.then(() => 'reached' as const), generation.replaced.then(() => 'replaced' as const)]);
      if (outcome === 'reached' && this.active === generation) return;
    }
  }

  /** Stops following the pointer, interrupts a switch, stops projecting and closes the storage. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
    if (this.dropTimer) clearTimeout(this.dropTimer);
    this.dropTimer = undefined;
    await this.chain.catch(() => undefined);
    await this.active.runner.stop();
    await this.active.store.close();
    await this.storage?.close();
  }

  private poll(): void {
    if (this.queued > 0 || this.stopping) return;
    this.checkForNewGeneration().then(
      () => (this.lastPollError = undefined),
      (error: unknown) => {
        if (error instanceof SwitchInterrupted) return;
        const message = error instanceof Error ? error.message : String(error);
        // Retried at every poll; logged once per distinct failure.
        if (message !== this.lastPollError) this.log('Read models: could not follow the generation pointer; retrying', error);
        this.lastPollError = message;
      },
    );
  }

  private enqueue<R>(task: () => Promise<R>): Promise<R> {
    this.queued++;
    const run = this.chain
      .catch(() => undefined)
      .then(task)
      .finally(() => this.queued--);
    this.chain = run;
    return run;
  }

  private async followPointer(): Promise<string> {
    if (!this.storage || this.stopping) return this.active.name;
    const wanted = await this.storage.currentGeneration();
    if (wanted !== this.active.name && !this.stopping) await this.switchTo(this.storage, wanted);
    else if (this.published !== this.active.name && !this.stopping) await this.publish(false);
    return this.active.name;
  }

  private async switchTo(storage: ReadModelStorage, name: string): Promise<void> {
    const current = this.active;
    // Said once per target: a switch that fails is retried at every poll.
    if (this.announced !== name) this.info(`Read models: switching from generation ${current.name} to ${name}`);
    this.announced = name;
    const started = Date.now();
    const store = await storage.openGeneration(name, { dateFields: this.projection.dateFields });
    const next = this.generationOf(name, store);
    try {
      this.assertRunning();
      await next.runner.start();
      // Catch up with the log as it is now (the rebuild left a checkpoint close to it)...
      const head = await this.eventStore.headPosition();
      await this.catchUp(next.runner, () => head);
      // ...and with the current runner, which keeps going meanwhile, so that no client can read
      // an older state after the swap than before it. The last check and the swap happen in the
      // same synchronous step.
      while (!reached(next.runner, current.runner.lastAppliedPosition)) {
        await this.catchUp(next.runner, () => current.runner.lastAppliedPosition);
      }
    } catch (error) {
      await next.runner.stop().catch(() => undefined);
      await store.close().catch(() => undefined);
      throw error;
    }
    this.active = next;
    current.markReplaced();
    this.info(
      `Read models: now serving generation ${name} (at position ${next.runner.lastAppliedPosition ?? 'none'}, ` +
        `switched in ${Date.now() - started} ms)`,
    );
    await this.retire(current);
    // Only now: this host no longer writes the old generation anywhere.
    await this.publish(true).catch((error: unknown) => this.log('Read models: could not publish the stable names; retrying', error));
    // Kept for the grace period, then dropped; one switched away from twice before we caught up
    // once is not the previous one any more and goes now.
    if (current.name !== (await storage.pointer()).previous) await this.drop(storage, current.name);
    await this.dropPreviousGeneration().catch((error: unknown) =>
      this.log('Read models: could not drop the previous generation', error),
    );
  }

  private async publish(afterSwitch: boolean): Promise<void> {
    if (!this.storage || this.stopping) return;
    const generation = this.active;
    await this.storage.publish(generation.name, generation.store, this.projection, { afterSwitch });
    this.published = generation.name;
  }

  private async drop(storage: ReadModelStorage, name: string): Promise<void> {
    try {
      await storage.dropGeneration(name);
      this.info(`Read models: dropped generation ${name}`);
    } catch (error) {
      this.log(`Read models: could not drop generation ${name}`, error);
    }
  }

  private async catchUp(runner: ProjectionRunner, target: () => number | undefined): Promise<void> {
    while (!reached(runner, target())) {
      this.assertRunning();
      try {
        await runner.waitForPosition(target()!, CATCH_UP_SLICE_MS);
      } catch (error) {
        if (!(error instanceof ReadModelTimeoutError)) throw error;
      }
    }
    this.assertRunning();
  }

  /** Stops using a generation; its storage stays (the grace period decides when it goes). */
  private async retire(old: Generation): Promise<void> {
    try {
      await old.runner.stop();
      if (old.inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, DRAIN_TIMEOUT_MS);
          old.onIdle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      await old.store.close();
    } catch (error) {
      this.log(`Read models: could not close generation ${old.name}`, error);
    }
  }

  /** Drops the generation the last switch left once its grace period is over (a timer waits for it). */
  private async dropPreviousGeneration(): Promise<void> {
    const pointer = await this.storage!.pointer();
    const { previous } = pointer;
    if (!previous || previous === pointer.generation || previous === this.active.name || this.stopping) return;
    const switchedAt = pointer.switchedAt ? Date.parse(pointer.switchedAt) : Number.NaN;
    const due = (Number.isNaN(switchedAt) ? 0 : switchedAt) + this.previousGenerationGraceMs;
    if (Date.now() < due) {
      if (this.dropTimer) clearTimeout(this.dropTimer);
      // setTimeout fires at once beyond 2^31-1 ms: a longer grace period is waited for in steps.
      const delay = Math.min(due - Date.now(), 2 ** 31 - 1);
      this.dropTimer = setTimeout(() => {
        this.dropTimer = undefined;
        void this.enqueue(() => this.dropPreviousGeneration()).catch((error: unknown) =>
          this.log('Read models: could not drop the previous generation', error),
        );
      }, delay);
      this.dropTimer.unref();
      return;
    }
    let present = true;
    try {
      present = (await this.storage!.listGenerations()).includes(previous);
    } catch {
      // Not allowed to list (a restricted MongoDB user): dropping is idempotent anyway.
    }
    if (!present) return;
    await this.storage!.dropGeneration(previous);
    this.info(`Read models: dropped generation ${previous}, kept ${Math.round(this.previousGenerationGraceMs / 1000)} s after the switch`);
  }

  private get previousGenerationGraceMs(): number {
    return this.options.previousGenerationGraceMs ?? this.storage?.previousGenerationGraceMs ?? 0;
  }

  private assertRunning(): void {
    if (this.stopping) throw new SwitchInterrupted();
  }

  private generationOf(name: string, store: DocumentStore): Generation {
    let markReplaced!: () => void;
    const replaced = new Promise<void>((resolve) => (markReplaced = resolve));
    const runner = new ProjectionRunner(this.eventStore, store, this.projection, this.options);
    return { name, store, runner, replaced, markReplaced, inFlight: 0 };
  }

  private async use<R>(call: (store: DocumentStore) => Promise<R>): Promise<R> {
    const generation = this.active;
    generation.inFlight++;
    try {
      return await call(generation.store);
    } finally {
      generation.inFlight--;
      if (generation.inFlight === 0) generation.onIdle?.();
    }
  }

  private routingStore(): DocumentStore {
    return {
      get: <T extends Document>(collection: string, id: string): Promise<VersionedDocument<T> | null> =>
        this.use((store) => store.get<T>(collection, id)),
      find: <T extends Document>(collection: string, query: FindQuery): Promise<VersionedDocument<T>[]> =>
        this.use((store) => store.find<T>(collection, query)),
      upsertIfNewer: (collection: string, id: string, position: number, doc: Document) =>
        this.use((store) => store.upsertIfNewer(collection, id, position, doc)),
      updateIfNewer: (collection: string, id: string, position: number, patch: Document) =>
        this.use((store) => store.updateIfNewer(collection, id, position, patch)),
      ensureCollections: (collections: readonly string[]) => this.use((store) => store.ensureCollections(collections)),
      ensureIndexes: (indexes: readonly IndexSpec[]) => this.use((store) => store.ensureIndexes(indexes)),
      getCheckpoint: (projectionName: string) => this.use((store) => store.getCheckpoint(projectionName)),
      saveCheckpoint: (projectionName: string, position: number) =>
        this.use((store) => store.saveCheckpoint(projectionName, position)),
      transaction: <R>(fn: () => Promise<R>) => this.use((store) => store.transaction(fn)),
      close: async () => undefined,
    };
  }
}
