import { APP_CONFIG, AppConfig, millisecondsFromEnv } from '../../../config/app-config';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CLOCK, Clock } from '../../../shared/application/clock';
import { EVENT_STORE, EventStore } from '../../../shared/application/event-store.port';
import { OpenRegistration, READ_MODELS, ReadModels } from '../../../shared/application/read-models.port';
import { ServiceRun } from '../../../shared/domain/service-run';
import { AccountRegistration } from '../../accounts/application/account-registration.service';
import { recoveryTiming } from '../../accounts/domain/registration-recovery.policy';

export interface RecoverySettings {
  /** Registrations younger than this are left alone: they may still be running. */
  readonly graceMs: number;
  /** Pause between two runs. */
  readonly intervalMs: number;
  /** Most registrations looked at per run. */
  readonly batchSize: number;
}

export const RECOVERY_SETTINGS = Symbol('RECOVERY_SETTINGS');

export const DEFAULT_RECOVERY_SETTINGS: RecoverySettings = { graceMs: 5 * 60_000, intervalMs: 30_000, batchSize: 100 };


/**
 * `REGISTRATION_RECOVERY_GRACE_MS` (default 300000: 5 minutes, far longer than a registration
 * takes) and `REGISTRATION_RECOVERY_INTERVAL_MS` (default 30000). Tests make both small.
 */
export function recoverySettingsFromEnv(env: Record<string, string | undefined> = process.env): RecoverySettings {
  return {
    graceMs: millisecondsFromEnv(env, 'REGISTRATION_RECOVERY_GRACE_MS', DEFAULT_RECOVERY_SETTINGS.graceMs),
    intervalMs: Math.max(100, millisecondsFromEnv(env, 'REGISTRATION_RECOVERY_INTERVAL_MS', DEFAULT_RECOVERY_SETTINGS.intervalMs)),
    batchSize: DEFAULT_RECOVERY_SETTINGS.batchSize,
  };
}

export interface RecoveryRun {
  readonly completed: number;
  readonly undone: number;
  /** Registrations whose email verification expired unconfirmed, undone (the email released). */
  readonly expired: number;
  readonly failed: number;
}

/**
 * R18: finishes or undoes registrations that a crash interrupted. Runs once the read models
 * have caught up after start, then every `intervalMs`. Candidates come from the read model of
 * open registrations: those older than the grace period, and, whatever their age, those an
 * earlier run of this instance opened (it has ended: registration-recovery.policy.ts), so that a
 * crash does not keep an email blocked for the grace period after the restart. Each one is
 * decided on the write side by AccountRegistration.recover, so a stale read model can only delay
 * recovery, never mislead it, and several instances running the job at once only repeat no-ops.
 *
 * Registrations waiting for an email confirmation are not interrupted: they are left alone until
 * their code expires (EMAIL_VERIFICATION_TTL_MINUTES), then this job records the expiry and undoes
 * them, which releases the email.
 */
@Injectable()
export class RegistrationRecovery implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RegistrationRecovery.name);
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<RecoveryRun> | undefined;
  private stopped = false;
  private readonly run: ServiceRun | undefined;

  constructor(
    private readonly registration: AccountRegistration,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RECOVERY_SETTINGS) private readonly settings: RecoverySettings,
    @Optional() @Inject(APP_CONFIG) config?: Pick<AppConfig, 'serviceRun'>,
  ) {
    this.run = config?.serviceRun;
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.runOnce(), this.settings.intervalMs);
    this.timer.unref();
    setImmediate(() => void this.runAtStart());
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.current?.catch(() => undefined);
  }

  /** One pass; concurrent calls share the pass in progress. Never rejects. */
  runOnce(): Promise<RecoveryRun> {
    this.current ??= this.recoverOpenRegistrations().finally(() => (this.current = undefined));
    return this.current;
  }

  private async runAtStart(): Promise<void> {
    try {
      // Registrations interrupted by the crash before this start are in the log already; wait
      // until the read model shows them (bounded: the periodic runs catch up anyway).
      const head = await this.store.headPosition();
      if (head !== undefined) await this.readModels.waitForPosition(head, 30_000);
    } catch (error) {
      this.logger.warn(`Registration recovery starts before the read models caught up: ${String(error)}`);
    }
    if (!this.stopped) await this.runOnce();
  }

  /** Open registrations this run may decide now, oldest first, at most one batch. */
  private async candidates(): Promise<OpenRegistration[]> {
    const now = this.clock.now();
    const startedBefore = new Date(now.getTime() - this.settings.graceMs).toISOString();
    const [ofEndedRuns, pastGrace, overdue] = await Promise.all([
      this.run ? this.readModels.openRegistrationsOfInstance(this.run.instanceId, this.settings.batchSize) : [],
      this.readModels.openRegistrations(startedBefore, this.settings.batchSize),
      this.readModels.overdueVerifications(now.toISOString(), this.settings.batchSize),
    ]);
    const byUser = new Map<string, OpenRegistration>();
    for (const candidate of overdue) byUser.set(candidate.userId, candidate);
    for (const candidate of [...ofEndedRuns, ...pastGrace]) {
      if (!byUser.has(candidate.userId) && recoveryTiming(candidate, this.run, now, this.settings.graceMs).due) {
        byUser.set(candidate.userId, candidate);
      }
    }
    return [...byUser.values()]
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.userId.localeCompare(b.userId))
      .slice(0, this.settings.batchSize);
  }

  private async recoverOpenRegistrations(): Promise<RecoveryRun> {
    const run = { completed: 0, undone: 0, expired: 0, failed: 0 };
    if (this.stopped) return run;
    try {
      const candidates = await this.candidates();
      for (const candidate of candidates) {
        if (this.stopped) break;
        try {
          const outcome = await this.registration.recover(candidate.reservationStream, candidate.userId, {
            actor: { type: 'system' },
            correlationId: `registration-recovery-${randomUUID()}`,
          });
          if (outcome === 'completed') run.completed += 1;
          if (outcome === 'undone') run.undone += 1;
          if (outcome === 'expired') run.expired += 1;
        } catch (error) {
          run.failed += 1;
          this.logger.error({ err: error }, `Registration recovery failed for user ${candidate.userId}; will retry`);
        }
      }
    } catch (error) {
      this.logger.error({ err: error }, 'Registration recovery could not list open registrations; will retry');
    }
    if (run.completed + run.undone + run.expired + run.failed > 0) {
      this.logger.log(
        `Registration recovery: ${run.completed} completed, ${run.undone} undone, ${run.expired} expired unverified, ${run.failed} failed`,
      );
    }
    return run;
  }
}
