import { Decider } from '../../../shared/domain/decider';
import { conflict } from '../../../shared/domain/domain-error';
import { DomainEvent } from '../../../shared/domain/event';
import { MspPermission } from '../../../shared/domain/msp-permissions';

export const userStream = (userId: string) => `user-${userId}`;

export type SignInMethod = 'password' | 'microsoft';

export type UserRegistered = DomainEvent<
  'UserRegistered',
  {
    userId: string;
    email: string;
    firstName: string;
    lastName: string;
    signInMethod: SignInMethod;
    /** argon2id PHC string; never a plaintext password. Absent for Microsoft accounts. */
    passwordHash?: string;
  }
>;
export type MspAdminGranted = DomainEvent<'MspAdminGranted', { mspId: string; permissions: MspPermission[] }>;
/** Undo of a registration that could not be completed (R18): the credential stops working. */
export type AccountClosed = DomainEvent<'AccountClosed', { reason: string }>;
export type UserEvent = UserRegistered | MspAdminGranted | AccountClosed;

export interface UserState {
  readonly exists: boolean;
  readonly userId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly signInMethod: SignInMethod;
  readonly passwordHash: string | null;
  readonly msp: { readonly mspId: string; readonly permissions: readonly MspPermission[] } | null;
  readonly closed: boolean;
}

export type UserCommand =
  | {
      type: 'RegisterUser';
      userId: string;
      email: string;
      firstName: string;
      lastName: string;
      /** Absent for an account that signs in with Microsoft (it has no password). */
      passwordHash?: string;
      /** Present when the account is an MSP admin account. */
      msp?: { mspId: string; permissions: MspPermission[] };
    }
  | { type: 'CloseAccount'; reason: string };

export const userDecider: Decider<UserCommand, UserState, UserEvent> = {
  initialState: {
    exists: false,
    userId: '',
    email: '',
    firstName: '',
    lastName: '',
    signInMethod: 'password',
    passwordHash: null,
    msp: null,
    closed: false,
  },
  decide(command, state) {
    if (command.type === 'CloseAccount') {
      return state.exists && !state.closed ? [{ type: 'AccountClosed', data: { reason: command.reason } }] : [];
    }
    if (state.exists) throw conflict('user_exists', 'User already exists');
    const events: UserEvent[] = [
      {
        type: 'UserRegistered',
        data: {
          userId: command.userId,
          email: command.email,
          firstName: command.firstName,
          lastName: command.lastName,
          ...(command.passwordHash !== undefined
            ? { signInMethod: 'password' as const, passwordHash: command.passwordHash }
            : { signInMethod: 'microsoft' as const }),
        },
      },
    ];
    if (command.msp) events.push({ type: 'MspAdminGranted', data: { ...command.msp } });
    return events;
  },
  evolve(state, event) {
    switch (event.type) {
      case 'UserRegistered':
        return {
          ...state,
          exists: true,
          userId: event.data.userId,
          email: event.data.email,
          firstName: event.data.firstName,
          lastName: event.data.lastName,
          signInMethod: event.data.signInMethod,
          passwordHash: event.data.passwordHash ?? null,
        };
      case 'MspAdminGranted':
        return { ...state, msp: { mspId: event.data.mspId, permissions: event.data.permissions } };
      case 'AccountClosed':
        return { ...state, closed: true };
    }
  },
};
