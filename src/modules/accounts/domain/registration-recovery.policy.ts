import { ServiceRun } from '../../../shared/domain/service-run';

/** An open registration as the recovery sees it (R18). */
export interface OpenRegistrationFacts {
  /** ISO-8601 instant its email was reserved. */
  readonly startedAt: string;
  /** The run that opened it; absent on registrations recorded before runs were, or by a run without an exclusive identity. */
  readonly openedBy?: ServiceRun;
}

export type RecoveryTiming =
  | { readonly due: true; readonly reason: 'opening_run_ended' | 'grace_period_over' }
  | { readonly due: false };

/**
 * True when `self` is a later run of the instance that opened the registration. Instance ids are
 * held by one live process at a time (main.ts claims them), so an earlier run of the same
 * instance has ended, and with it every registration step it had in flight.
 */
export function openedByEndedRun(openedBy: ServiceRun | undefined, self: ServiceRun | undefined): boolean {
  return (
    openedBy !== undefined &&
    self !== undefined &&
    openedBy.instanceId === self.instanceId &&
    openedBy.runId !== self.runId
  );
}

/**
 * When may `self` finish or undo an open registration? At once when an earlier run of its own
 * instance opened it; otherwise (another instance, which may be alive and in the middle of it;
 * this very run; or an opener that is not known) only once the grace period is over.
 * `self` is undefined when this process does not hold its instance identity exclusively.
 */
export function recoveryTiming(
  registration: OpenRegistrationFacts,
  self: ServiceRun | undefined,
  now: Date,
  graceMs: number,
): RecoveryTiming {
  if (openedByEndedRun(registration.openedBy, self)) return { due: true, reason: 'opening_run_ended' };
  if (Date.parse(registration.startedAt) < now.getTime() - graceMs) return { due: true, reason: 'grace_period_over' };
  return { due: false };
}
