import { Decider } from '../../../shared/domain/decider';
import { conflict } from '../../../shared/domain/domain-error';
import { DomainEvent } from '../../../shared/domain/event';
import { ServiceRun } from '../../../shared/domain/service-run';

export const USER_ALREADY_REGISTERED = 'User already registered';

/**
 * Why an account is being registered, recorded with the reservation so that a recovery job can
 * tell, after a crash, what "finished" means for it (R18):
 * - `invite_link`: a self-signup; finished once the tenant stream holds the user's membership;
 * - `tenant_member`: "Add Users"; finished once a tenant stream holds the membership (the tenant
 *   is known when the caller says so; otherwise the log after the reservation is searched);
 * - `msp_admin`: an MSP admin account; finished once the user is registered (the admin grant is
 *   part of the same append).
 */
export type RegistrationPurpose =
  | {
      readonly kind: 'invite_link';
      readonly tenantId: string;
      /** The Microsoft identity reservation stream this registration also holds (undone with it). */
      readonly identityReservation?: string;
    }
  | { readonly kind: 'tenant_member'; readonly tenantId?: string }
  | { readonly kind: 'msp_admin'; readonly mspId: string };

/**
 * R11: one stream per normalized email (see emailReservationStream). Whoever appends the
 * reservation first owns the email; a concurrent second append fails on its expected revision.
 *
 * The stream is also the registration's progress record (R18): `EmailReserved` opens it with
 * the new user id and the purpose, `RegistrationCompleted` closes it once every step is done,
 * `EmailReleased` closes it when it was undone. A reservation that is neither completed nor
 * released is an open registration; the recovery job finishes or undoes it.
 */
export type EmailReserved = DomainEvent<
  'EmailReserved',
  {
    userId: string;
    purpose?: RegistrationPurpose;
    /**
     * The service run that opened the registration, recorded only by a run that holds its
     * instance identity exclusively: a later run of that instance may decide it at start
     * (registration-recovery.policy.ts). Absent on older events, which keep the grace period.
     */
    openedBy?: ServiceRun;
  }
>;
export type RegistrationCompleted = DomainEvent<'RegistrationCompleted', { userId: string }>;
export type EmailReleased = DomainEvent<'EmailReleased', { userId: string; reason: string }>;
export type EmailReservationEvent = EmailReserved | RegistrationCompleted | EmailReleased;

export interface EmailReservationState {
  readonly reservedBy: string | null;
  /** Purpose of the current reservation; null when free or for reservations older than purposes. */
  readonly purpose: RegistrationPurpose | null;
  /** The run that opened the current registration, when it recorded itself (see EmailReserved). */
  readonly openedBy?: ServiceRun;
  /**
   * True once the current owner's registration is finished. Reservations recorded before
   * registrations were tracked carry no purpose and count as completed.
   */
  readonly completed: boolean;
}

export type EmailReservationCommand =
  | { type: 'ReserveEmail'; userId: string; purpose?: RegistrationPurpose; openedBy?: ServiceRun }
  | { type: 'CompleteRegistration'; userId: string }
  | { type: 'ReleaseEmail'; userId: string; reason: string };

/** Raised when a registration's reservation was undone (by the recovery job) before it could complete. */
export const REGISTRATION_ABANDONED = 'registration_abandoned';

export const emailReservationDecider: Decider<EmailReservationCommand, EmailReservationState, EmailReservationEvent> =
  {
    initialState: { reservedBy: null, purpose: null, completed: false },
    decide(command, state) {
      switch (command.type) {
        case 'ReserveEmail': {
          if (state.reservedBy !== null) throw conflict('user_already_registered', USER_ALREADY_REGISTERED);
          const data: EmailReserved['data'] = {
            userId: command.userId,
            ...(command.purpose ? { purpose: command.purpose } : {}),
            ...(command.openedBy ? { openedBy: { instanceId: command.openedBy.instanceId, runId: command.openedBy.runId } } : {}),
          };
          return [{ type: 'EmailReserved', data }];
        }
        case 'CompleteRegistration':
          if (state.reservedBy !== command.userId) {
            throw conflict(REGISTRATION_ABANDONED, 'This registration was undone before it could be completed.');
          }
          return state.completed ? [] : [{ type: 'RegistrationCompleted', data: { userId: command.userId } }];
        case 'ReleaseEmail':
          // Only the owner's own undo releases an email; anything else is a no-op.
          if (state.reservedBy !== command.userId) return [];
          return [{ type: 'EmailReleased', data: { userId: command.userId, reason: command.reason } }];
      }
    },
    evolve(state, event) {
      switch (event.type) {
        case 'EmailReserved':
          return {
            reservedBy: event.data.userId,
            purpose: event.data.purpose ?? null,
            completed: event.data.purpose === undefined,
            ...(event.data.openedBy ? { openedBy: event.data.openedBy } : {}),
          };
        case 'RegistrationCompleted':
          return event.data.userId === state.reservedBy ? { ...state, completed: true } : state;
        case 'EmailReleased':
          return { reservedBy: null, purpose: null, completed: false };
      }
    },
  };

/** True while a registration holds the email but has neither completed nor been undone. */
export const isOpenRegistration = (state: EmailReservationState, userId: string): boolean =>
  state.reservedBy === userId && !state.completed;
