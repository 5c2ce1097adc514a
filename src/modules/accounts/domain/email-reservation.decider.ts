import { Decider } from '../../../shared/domain/decider';
import { conflict } from '../../../shared/domain/domain-error';
import { DomainEvent } from '../../../shared/domain/event';

export const USER_ALREADY_REGISTERED = 'User already registered';

/**
 * R11: one stream per normalized email (see emailReservationStream). Whoever appends the
 * reservation first owns the email; a concurrent second append fails on its expected revision.
 */
export type EmailReserved = DomainEvent<'EmailReserved', { userId: string }>;
export type EmailReleased = DomainEvent<'EmailReleased', { userId: string; reason: string }>;
export type EmailReservationEvent = EmailReserved | EmailReleased;

export interface EmailReservationState {
  readonly reservedBy: string | null;
}

export type EmailReservationCommand =
  | { type: 'ReserveEmail'; userId: string }
  | { type: 'ReleaseEmail'; userId: string; reason: string };

export const emailReservationDecider: Decider<EmailReservationCommand, EmailReservationState, EmailReservationEvent> =
  {
    initialState: { reservedBy: null },
    decide(command, state) {
      if (command.type === 'ReserveEmail') {
        if (state.reservedBy !== null) throw conflict('user_already_registered', USER_ALREADY_REGISTERED);
        return [{ type: 'EmailReserved', data: { userId: command.userId } }];
      }
      // Only the owner's own undo releases an email; anything else is a no-op.
      if (state.reservedBy !== command.userId) return [];
      return [{ type: 'EmailReleased', data: { userId: command.userId, reason: command.reason } }];
    },
    evolve(_state, event) {
      return { reservedBy: event.type === 'EmailReserved' ? event.data.userId : null };
    },
  };
