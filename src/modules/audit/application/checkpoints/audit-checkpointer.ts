import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { KeyObject, randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { EVENT_STORE, EventStore, RecordedEvent } from '../../../../shared/application/event-store.port';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { DomainError } from '../../../../shared/domain/domain-error';
import { eventHash, hashedContentOf, integrityOf, nextLogDigest } from '../../../../shared/domain/audit-chain';
import { AUDIT_CHECKPOINT_STREAM, CheckpointData, checkpointDataProblem, signCheckpoint } from '../../domain/audit-checkpoint';
import { auditCheckpointDecider, CheckpointState } from '../../domain/audit-checkpoint.decider';
import { isCheckpointEvent } from './checkpoint-check';

export interface CheckpointerSettings {
  /** Most events one checkpoint covers (AUDIT_CHECKPOINT_EVERY). */
  readonly every: number;
  /** A new event is checkpointed at most this long after it was read (AUDIT_CHECKPOINT_INTERVAL_MS). */
  readonly intervalMs: number;
  /** AUDIT_SIGNING_KEY, when checkpoints are signed. */
  readonly signingKey?: KeyObject;
}

/** One event read since the last checkpoint, with the log digest after it. */
interface Uncovered {
  readonly position: number;
  readonly hash: string;
  readonly digest: string;
  readonly checkpoint: boolean;
  readonly readAt: number;
}

/** Time the last in-flight work may take at shutdown before the rest is left to the next start. */
const SHUTDOWN_BUDGET_MS = 5_000;
const ERROR_PAUSE_MS = 1_000;
const MAX_ATTEMPTS = 10;

/** The hash the verifier recomputes for an event: its content chained to its stored `prev` (null before the chain). */
export const recomputedHash = (event: RecordedEvent): string =>
  eventHash(hashedContentOf(event), integrityOf(event.metadata)?.prev ?? null);

/**
 * Follows the log in global order and appends checkpoints of it to `audit-checkpoints`: every
 * `every` events, `intervalMs` after a new event was read, and once more on graceful shutdown.
 * Memory stays bounded: it holds only the events since the last checkpoint (at most `every`).
 *
 * On a store written before the audit chain, the first checkpoints cover those old events too
 * (hashed with prev null, as the verifier does), `every` at a time: from then on a change to any
 * of them breaks a checkpoint. Several instances may run it at once: each proposes the next
 * checkpoint after the last one it finds in the stream, and the decider keeps ranges from
 * overlapping (audit-checkpoint.decider.ts). A checkpoint of nothing but checkpoints is never
 * written, or the checkpointer would feed itself.
 */
export class CheckpointWriter {
  private started = false;
  /** Position of the last event read; undefined before the first. */
  private cursor: number | undefined;
  /** upToPosition of the newest checkpoint known (seen in the log or appended). */
  private covered: number | null = null;
  private digest = '';
  private uncovered: Uncovered[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly repository: EventSourcedRepository,
    private readonly settings: CheckpointerSettings,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Events read and not covered by a checkpoint yet. */
  get pending(): number {
    return this.uncovered.length;
  }

  /**
   * Reads the next events and appends a checkpoint when one is due (`force`: whenever there is a
   * new event, as at shutdown). Resolves true once it has read to the end of the log.
   */
  async step(force = false): Promise<boolean> {
    if (!this.started) await this.start();
    if (this.uncovered.length >= this.settings.every && this.hasNewEvent()) {
      await this.checkpoint();
      return false;
    }
    // One more than the limit only when nothing but checkpoints is waiting (see the class comment).
    const room = Math.max(1, this.settings.every - this.uncovered.length);
    const batch = await this.store.readAll({ ...(this.cursor === undefined ? {} : { after: this.cursor }), maxCount: room });
    for (const event of batch) this.take(event);
    const caughtUp = batch.length < room;
    const oldest = this.uncovered.find((entry) => !entry.checkpoint);
    const due =
      (this.uncovered.length >= this.settings.every && oldest !== undefined) ||
      (caughtUp && oldest !== undefined && (force || this.now() - oldest.readAt >= this.settings.intervalMs));
    if (due) await this.checkpoint();
    return caughtUp;
  }

  private async start(): Promise<void> {
    const { state } = await this.repository.load(AUDIT_CHECKPOINT_STREAM, auditCheckpointDecider);
    this.covered = state.upToPosition;
    this.cursor = state.upToPosition ?? undefined;
    this.digest = state.digest;
    this.started = true;
  }

  private take(event: RecordedEvent): void {
    const hash = recomputedHash(event);
    this.digest = nextLogDigest(this.digest, event.position, hash);
    this.cursor = event.position;
    const checkpoint = isCheckpointEvent(event);
    // A checkpoint another instance (or this one) appended: what it covers is done.
    if (checkpoint && checkpointDataProblem(event.data) === undefined) {
      this.coveredUpTo((event.data as unknown as CheckpointData).upToPosition);
    }
    if (this.covered === null || event.position > this.covered) {
      this.uncovered.push({ position: event.position, hash, digest: this.digest, checkpoint, readAt: this.now() });
    }
  }

  private coveredUpTo(position: number | null): void {
    if (position === null || (this.covered !== null && position <= this.covered)) return;
    this.covered = position;
    const firstLeft = this.uncovered.findIndex((entry) => entry.position > position);
    this.uncovered = firstLeft === -1 ? [] : this.uncovered.slice(firstLeft);
  }

  private hasNewEvent(): boolean {
    return this.uncovered.some((entry) => !entry.checkpoint);
  }

  /** The next checkpoint after the stream's last one, or undefined when that one covers all this has. */
  private proposal(state: CheckpointState): CheckpointData | undefined {
    const after = state.upToPosition;
    const last = this.uncovered[this.uncovered.length - 1];
    if (after !== null && (this.covered === null || after > this.covered)) {
      // Another instance went further than this one has seen in the log.
      if (last === undefined || after >= last.position) return undefined;
      if (!this.uncovered.some((entry) => entry.position === after)) {
        throw new Error(`The last checkpoint ends at position ${after}, which this instance did not read`);
      }
    }
    const fresh = this.uncovered.filter((entry) => after === null || entry.position > after).slice(0, this.settings.every);
    if (!fresh.some((entry) => !entry.checkpoint)) return undefined;
    const upTo = fresh[fresh.length - 1];
    const data: CheckpointData = {
      afterPosition: after,
      upToPosition: upTo.position,
      count: fresh.length,
      entries: fresh.map((entry) => [entry.position, entry.hash] as const),
      digest: upTo.digest,
    };
    return this.settings.signingKey ? signCheckpoint(data, this.settings.signingKey) : data;
  }

  /**
   * Appends the next checkpoint. When another instance appended one first, the decider refuses
   * this proposal (or finds it covered); the proposal is then rebuilt on the new last checkpoint.
   */
  private async checkpoint(): Promise<void> {
    const context = { actor: { type: 'system' as const }, correlationId: `audit-checkpoint-${randomUUID()}` };
    for (let attempt = 1; ; attempt++) {
      const { state } = await this.repository.load(AUDIT_CHECKPOINT_STREAM, auditCheckpointDecider);
      const proposal = this.proposal(state);
      if (!proposal) {
        this.coveredUpTo(state.upToPosition);
        return;
      }
      try {
        const result = await this.repository.decideAndAppend(
          AUDIT_CHECKPOINT_STREAM,
          auditCheckpointDecider,
          { type: 'RecordCheckpoint', checkpoint: proposal },
          context,
        );
        this.coveredUpTo(result.state.upToPosition);
        return;
      } catch (error) {
        const outOfSequence = error instanceof DomainError && error.code === 'checkpoint_out_of_sequence';
        if (!outOfSequence || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}

/**
 * Runs the CheckpointWriter with the service (AUDIT_CHECKPOINTS, default on): polls the log while
 * the app runs, and on graceful shutdown (after the HTTP server stopped, before storage closes)
 * checkpoints what the last requests appended.
 */
@Injectable()
export class AuditCheckpointer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  private readonly writer: CheckpointWriter | undefined;
  private readonly pollMs: number;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    repository: EventSourcedRepository,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'audit'>,
  ) {
    const { checkpoints, checkpointEvery, checkpointIntervalMs, signingKey } = config.audit;
    this.pollMs = Math.min(250, checkpointIntervalMs);
    this.writer = checkpoints
      ? new CheckpointWriter(store, repository, { every: checkpointEvery, intervalMs: checkpointIntervalMs, signingKey })
      : undefined;
  }

  onApplicationBootstrap(): void {
    if (!this.writer) return;
    this.stopping = false;
    this.running = this.follow(this.writer);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.writer || !this.running) return;
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
    const deadline = performance.now() + SHUTDOWN_BUDGET_MS;
    try {
      while (!(await this.writer.step(true)) && performance.now() < deadline);
    } catch (error) {
      this.logger.warn(`Last checkpoint before shutdown not written (the next start writes it): ${String(error)}`);
    }
  }

  private async follow(writer: CheckpointWriter): Promise<void> {
    while (!this.stopping) {
      let pauseMs = 0;
      try {
        if (await writer.step()) pauseMs = this.pollMs;
      } catch (error) {
        this.logger.error({ err: error }, 'Audit checkpoint failed; will retry');
        pauseMs = ERROR_PAUSE_MS;
      }
      if (pauseMs > 0 && !this.stopping) await this.pause(pauseMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
