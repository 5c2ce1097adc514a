import { given } from '../../../shared/domain/testing/given-when-then';
import { UserCommand, userDecider, UserEvent, userStream } from './user.decider';

const PASSWORD = 'Correct-Horse-9';
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';

type RegisterUser = Extract<UserCommand, { type: 'RegisterUser' }>;
const register = (extra: Partial<Omit<RegisterUser, 'type'>> = {}): RegisterUser => ({
  type: 'RegisterUser',
  userId: 'u1',
  email: 'ann@acme.com',
  firstName: 'Ann',
  lastName: 'Lee',
  passwordHash: HASH,
  ...extra,
});
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u1', email: 'ann@acme.com', firstName: 'Ann', lastName: 'Lee', signInMethod: 'password', passwordHash: HASH },
};

describe('user decider', () => {
  it('names one stream per user', () => {
    expect(userStream('u1')).toBe('user-u1');
  });

  it('registers a tenant user: no MSP admin grant', () => {
    const state = given(userDecider).when(register()).then([registered]);
    expect(state).toMatchObject({ exists: true, userId: 'u1', email: 'ann@acme.com', signInMethod: 'password', msp: null });
  });

  it('grants MSP admin permissions only to an admin account, in the same decision', () => {
    const state = given(userDecider)
      .when(register({ msp: { mspId: 'm1', permissions: ['manage_user_roles', 'view_audit_log'] } }))
      .then([registered, { type: 'MspAdminGranted', data: { mspId: 'm1', permissions: ['manage_user_roles', 'view_audit_log'] } }]);
    expect(state.msp).toEqual({ mspId: 'm1', permissions: ['manage_user_roles', 'view_audit_log'] });
  });

  it('stores the password hash, never the password', () => {
    const outcome = given(userDecider).when(register());
    const state = outcome.then([registered]);
    expect(state.passwordHash).toBe(HASH);
    const events = userDecider.decide(register(), userDecider.initialState);
    const serialized = JSON.stringify(events);
    expect(serialized).not.toContain(PASSWORD);
    for (const event of events) {
      expect(Object.keys(event.data)).not.toContain('password');
      expect(Object.keys(event.data)).not.toContain('passwordConfirmation');
    }
    expect(Object.keys(state)).not.toContain('password');
  });

  it('refuses to register the same user twice (409 user_exists)', () => {
    given(userDecider, registered).when(register()).thenThrows('conflict', 'user_exists');
  });

  describe('CloseAccount (R18 undo)', () => {
    const closed: UserEvent = { type: 'AccountClosed', data: { reason: 'signup_failed' } };

    it('closes an existing account', () => {
      const state = given(userDecider, registered).when({ type: 'CloseAccount', reason: 'signup_failed' }).then([closed]);
      expect(state.closed).toBe(true);
    });

    it('is idempotent: closing a closed account changes nothing', () => {
      given(userDecider, registered, closed).when({ type: 'CloseAccount', reason: 'again' }).then([]);
    });

    it('closing an account that was never registered changes nothing', () => {
      given(userDecider).when({ type: 'CloseAccount', reason: 'signup_failed' }).then([]);
    });

    it('a closed account cannot be registered again under the same id', () => {
      given(userDecider, registered, closed).when(register()).thenThrows('conflict', 'user_exists');
    });
  });
});
