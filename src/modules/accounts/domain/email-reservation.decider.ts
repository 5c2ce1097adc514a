import { Decider } from '../../../shared/domain/decider';
import { conflict, gone, notFound } from '../../../shared/domain/domain-error';
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

/**
 * Email ownership verification of an invite-link signup: the registration waits, holding the
 * email, until the person opens the one-time link mailed to the address. The code itself is never
 * stored: `codeHash` is its keyed hash (for look-ups and the check), `codeSeed` the random input
 * from which only a holder of TOKEN_SECRET derives the code again (so the mail outbox writes the
 * same mail after a crash). `tokenHash` is the invite token the person signed up with: the join at
 * confirmation is decided against it (R22). Each of this event and EmailVerificationResent asks
 * the mail outbox for one mail (its message id is the event id).
 */
export type EmailVerificationRequested = DomainEvent<
  'EmailVerificationRequested',
  { userId: string; tenantId: string; tokenHash: string; codeHash: string; codeSeed: string; expiresAt: string }
>;
/** The person asked for the mail again (same code, same expiry); one more mail. */
export type EmailVerificationResent = DomainEvent<'EmailVerificationResent', { userId: string }>;
/** The person proved they own the address; the join is decided next. */
export type EmailVerified = DomainEvent<'EmailVerified', { userId: string }>;
/** Nobody confirmed in time; the registration is undone next (the email is released). */
export type EmailVerificationExpired = DomainEvent<'EmailVerificationExpired', { userId: string; expiresAt: string }>;

export type EmailReservationEvent =
  | EmailReserved
  | RegistrationCompleted
  | EmailReleased
  | EmailVerificationRequested
  | EmailVerificationResent
  | EmailVerified
  | EmailVerificationExpired;

/** A verification in progress, as the reservation stream holds it. */
export interface PendingVerification {
  readonly userId: string;
  readonly tenantId: string;
  readonly tokenHash: string;
  readonly codeHash: string;
  /** What the code is derived from (with TOKEN_SECRET): the mail outbox writes the mail from it. */
  readonly codeSeed: string;
  /** ISO-8601 */
  readonly expiresAt: string;
  readonly verified: boolean;
  readonly expired: boolean;
  /** Mails asked for again so far (EmailVerificationResent). */
  readonly resends: number;
}

/** At most this many extra mails per registration, whatever the rate limits allow. */
export const MAX_VERIFICATION_RESENDS = 5;

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
  /** The current registration's email verification, when it asked for one. */
  readonly verification: PendingVerification | null;
}

export type EmailReservationCommand =
  | { type: 'ReserveEmail'; userId: string; purpose?: RegistrationPurpose; openedBy?: ServiceRun }
  | { type: 'CompleteRegistration'; userId: string }
  | { type: 'ReleaseEmail'; userId: string; reason: string }
  | {
      type: 'RequestEmailVerification';
      userId: string;
      tenantId: string;
      tokenHash: string;
      codeHash: string;
      codeSeed: string;
      expiresAt: string;
    }
  | { type: 'ResendEmailVerification'; userId: string; now: string }
  | { type: 'VerifyEmail'; codeHash: string; now: string }
  | { type: 'ExpireEmailVerification'; userId: string; now: string };

export const VERIFICATION_CODE_INVALID = 'This verification link is not valid. Check that you opened the whole link from the mail.';
export const VERIFICATION_CODE_USED = 'This verification link has already been used. Sign in with your email and password.';
export const VERIFICATION_CODE_EXPIRED =
  'This verification link has expired. Sign up again through the invite link to get a new one.';

/** The current registration's verification while nobody has confirmed it or recorded its expiry. */
const unanswered = (state: EmailReservationState): PendingVerification | null =>
  state.verification !== null &&
  !state.verification.verified &&
  !state.verification.expired &&
  state.reservedBy === state.verification.userId
    ? state.verification
    : null;

/** True while the registration waits for its email to be confirmed and the code still works at `now`. */
export const isAwaitingVerification = (state: EmailReservationState, now: string): boolean => {
  const verification = unanswered(state);
  return verification !== null && Date.parse(now) < Date.parse(verification.expiresAt);
};

/** True when the registration waited for a confirmation that did not come in time (not yet recorded as expired). */
export const isVerificationOverdue = (state: EmailReservationState, now: string): boolean => {
  const verification = unanswered(state);
  return verification !== null && Date.parse(now) >= Date.parse(verification.expiresAt);
};

/** Raised when a registration's reservation was undone (by the recovery job) before it could complete. */
export const REGISTRATION_ABANDONED = 'registration_abandoned';

export const emailReservationDecider: Decider<EmailReservationCommand, EmailReservationState, EmailReservationEvent> =
  {
    initialState: { reservedBy: null, purpose: null, completed: false, verification: null },
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
        case 'RequestEmailVerification': {
          if (state.reservedBy !== command.userId || state.completed) {
            throw conflict(REGISTRATION_ABANDONED, 'This registration was undone before its email could be verified.');
          }
          if (state.verification !== null) return [];
          const { type: _type, ...data } = command;
          return [{ type: 'EmailVerificationRequested', data }];
        }
        case 'ResendEmailVerification':
          // No answer tells the caller anything (no enumeration): nothing to resend is a no-op.
          if (!isAwaitingVerification(state, command.now) || state.verification?.userId !== command.userId) return [];
          if ((state.verification?.resends ?? 0) >= MAX_VERIFICATION_RESENDS) return [];
          return [{ type: 'EmailVerificationResent', data: { userId: command.userId } }];
        case 'VerifyEmail': {
          const verification = state.verification;
          // Only the current registration's code counts; a code of an undone one is unknown here.
          if (verification === null || verification.codeHash !== command.codeHash || state.reservedBy !== verification.userId) {
            throw notFound('verification_code_invalid', VERIFICATION_CODE_INVALID);
          }
          if (verification.verified) throw conflict('verification_code_used', VERIFICATION_CODE_USED);
          if (verification.expired || Date.parse(command.now) >= Date.parse(verification.expiresAt)) {
            throw gone('verification_code_expired', VERIFICATION_CODE_EXPIRED);
          }
          return [{ type: 'EmailVerified', data: { userId: verification.userId } }];
        }
        case 'ExpireEmailVerification':
          if (!isVerificationOverdue(state, command.now) || state.verification?.userId !== command.userId) return [];
          return [
            { type: 'EmailVerificationExpired', data: { userId: command.userId, expiresAt: state.verification.expiresAt } },
          ];
      }
    },
    evolve(state, event) {
      switch (event.type) {
        case 'EmailReserved':
          return {
            reservedBy: event.data.userId,
            purpose: event.data.purpose ?? null,
            completed: event.data.purpose === undefined,
            verification: null,
            ...(event.data.openedBy ? { openedBy: event.data.openedBy } : {}),
          };
        case 'RegistrationCompleted':
          return event.data.userId === state.reservedBy ? { ...state, completed: true } : state;
        case 'EmailReleased':
          return { reservedBy: null, purpose: null, completed: false, verification: null };
        case 'EmailVerificationRequested': {
          return { ...state, verification: { ...event.data, verified: false, expired: false, resends: 0 } };
        }
        case 'EmailVerificationResent':
          return state.verification ? { ...state, verification: { ...state.verification, resends: state.verification.resends + 1 } } : state;
        case 'EmailVerified':
          return state.verification ? { ...state, verification: { ...state.verification, verified: true } } : state;
        case 'EmailVerificationExpired':
          return state.verification ? { ...state, verification: { ...state.verification, expired: true } } : state;
      }
    },
  };

/** True while a registration holds the email but has neither completed nor been undone. */
export const isOpenRegistration = (state: EmailReservationState, userId: string): boolean =>
  state.reservedBy === userId && !state.completed;
