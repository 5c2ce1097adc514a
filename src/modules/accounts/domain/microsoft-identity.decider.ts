import { createHash } from 'node:crypto';
import { Decider } from '../../../shared/domain/decider';
import { conflict } from '../../../shared/domain/domain-error';
import { DomainEvent } from '../../../shared/domain/event';
import { USER_ALREADY_REGISTERED } from './email-reservation.decider';

/**
 * A Microsoft account is identified by `(tid, oid)`, never by its email (docs/http-api.md, Microsoft sign-in). One stream per
 * identity, named by a hash; whoever appends the reservation first owns the identity.
 */
export const microsoftIdentityStream = (tid: string, oid: string): string =>
  `microsoftIdentity-${createHash('sha256').update(`${tid.toLowerCase()}/${oid.toLowerCase()}`).digest('hex')}`;

export type MicrosoftIdentityReserved = DomainEvent<'MicrosoftIdentityReserved', { userId: string }>;
export type MicrosoftIdentityReleased = DomainEvent<'MicrosoftIdentityReleased', { userId: string; reason: string }>;
export type MicrosoftIdentityEvent = MicrosoftIdentityReserved | MicrosoftIdentityReleased;

export interface MicrosoftIdentityState {
  readonly reservedBy: string | null;
}

export type MicrosoftIdentityCommand =
  | { type: 'ReserveIdentity'; userId: string }
  | { type: 'ReleaseIdentity'; userId: string; reason: string };

export const microsoftIdentityDecider: Decider<MicrosoftIdentityCommand, MicrosoftIdentityState, MicrosoftIdentityEvent> = {
  initialState: { reservedBy: null },
  decide(command, state) {
    if (command.type === 'ReserveIdentity') {
      if (state.reservedBy !== null) throw conflict('user_already_registered', USER_ALREADY_REGISTERED);
      return [{ type: 'MicrosoftIdentityReserved', data: { userId: command.userId } }];
    }
    // Only the owner's own undo releases an identity; anything else is a no-op.
    if (state.reservedBy !== command.userId) return [];
    return [{ type: 'MicrosoftIdentityReleased', data: { userId: command.userId, reason: command.reason } }];
  },
  evolve(state, event) {
    switch (event.type) {
      case 'MicrosoftIdentityReserved':
        return { reservedBy: event.data.userId };
      case 'MicrosoftIdentityReleased':
        return { reservedBy: null };
    }
  },
};
