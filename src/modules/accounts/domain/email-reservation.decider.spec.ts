import { given } from '../../../shared/domain/testing/given-when-then';
import {
  emailReservationDecider,
  EmailReservationEvent,
  isOpenRegistration,
  USER_ALREADY_REGISTERED,
} from './email-reservation.decider';

const reserved = (userId: string): EmailReservationEvent => ({ type: 'EmailReserved', data: { userId } });
const releasedBy = (userId: string, reason = 'signup_failed'): EmailReservationEvent => ({
  type: 'EmailReleased',
  data: { userId, reason },
});

describe('email reservation decider (R11)', () => {
  it('the first reservation wins', () => {
    const state = given(emailReservationDecider).when({ type: 'ReserveEmail', userId: 'u1' }).then([reserved('u1')]);
    expect(state.reservedBy).toBe('u1');
  });

  it("a second reservation is 409 with exactly 'User already registered'", () => {
    const error = given(emailReservationDecider, reserved('u1'))
      .when({ type: 'ReserveEmail', userId: 'u2' })
      .thenThrows('conflict', 'user_already_registered');
    expect(error.message).toBe('User already registered');
    expect(USER_ALREADY_REGISTERED).toBe('User already registered');
  });

  it('a second reservation is refused whoever asks', () => {
    given(emailReservationDecider, reserved('u1'))
      .when({ type: 'ReserveEmail', userId: 'u1' })
      .thenThrows('conflict', 'user_already_registered', USER_ALREADY_REGISTERED);
  });

  it('the owner can release it, with a reason', () => {
    const state = given(emailReservationDecider, reserved('u1'))
      .when({ type: 'ReleaseEmail', userId: 'u1', reason: 'signup_failed' })
      .then([releasedBy('u1', 'signup_failed')]);
    expect(state.reservedBy).toBeNull();
  });

  it('anyone else releasing it changes nothing', () => {
    const state = given(emailReservationDecider, reserved('u1'))
      .when({ type: 'ReleaseEmail', userId: 'u2', reason: 'signup_failed' })
      .then([]);
    expect(state.reservedBy).toBe('u1');
  });

  it('releasing a free email changes nothing', () => {
    given(emailReservationDecider).when({ type: 'ReleaseEmail', userId: 'u1', reason: 'x' }).then([]);
    given(emailReservationDecider, reserved('u1'), releasedBy('u1'))
      .when({ type: 'ReleaseEmail', userId: 'u1', reason: 'again' })
      .then([]);
  });

  it('can be reserved again after a release, by anyone', () => {
    given(emailReservationDecider, reserved('u1'), releasedBy('u1')).when({ type: 'ReserveEmail', userId: 'u2' }).then([reserved('u2')]);
    given(emailReservationDecider, reserved('u1'), releasedBy('u1'), reserved('u2'))
      .when({ type: 'ReserveEmail', userId: 'u3' })
      .thenThrows('conflict', 'user_already_registered');
  });
});

describe('email reservation as the registration record (R18)', () => {
  const purpose = { kind: 'invite_link', tenantId: 't1' } as const;
  const reservedFor = (userId: string): EmailReservationEvent => ({ type: 'EmailReserved', data: { userId, purpose } });

  it('records the purpose; the registration is open until completed', () => {
    const state = given(emailReservationDecider)
      .when({ type: 'ReserveEmail', userId: 'u1', purpose })
      .then([reservedFor('u1')]);
    expect(state).toEqual({ reservedBy: 'u1', purpose, completed: false, verification: null });
    expect(isOpenRegistration(state, 'u1')).toBe(true);
  });

  it('completes once, for the owner only', () => {
    const state = given(emailReservationDecider, reservedFor('u1'))
      .when({ type: 'CompleteRegistration', userId: 'u1' })
      .then([{ type: 'RegistrationCompleted', data: { userId: 'u1' } }]);
    expect(isOpenRegistration(state, 'u1')).toBe(false);
    given(emailReservationDecider, reservedFor('u1'), { type: 'RegistrationCompleted', data: { userId: 'u1' } })
      .when({ type: 'CompleteRegistration', userId: 'u1' })
      .then([]);
    given(emailReservationDecider, reservedFor('u1'))
      .when({ type: 'CompleteRegistration', userId: 'u2' })
      .thenThrows('conflict', 'registration_abandoned');
  });

  it('cannot complete a registration that was undone', () => {
    given(emailReservationDecider, reservedFor('u1'), releasedBy('u1'))
      .when({ type: 'CompleteRegistration', userId: 'u1' })
      .thenThrows('conflict', 'registration_abandoned');
  });

  it('counts reservations recorded before purposes existed as completed', () => {
    const state = given(emailReservationDecider, reserved('u1')).state;
    expect(isOpenRegistration(state, 'u1')).toBe(false);
  });

  it('records the run that opened a registration, and forgets it once the email is released', () => {
    const openedBy = { instanceId: 'host-a:3000', runId: 'run-1' };
    const purpose = { kind: 'invite_link' as const, tenantId: 't1' };
    const state = given(emailReservationDecider)
      .when({ type: 'ReserveEmail', userId: 'u1', purpose, openedBy })
      .then([{ type: 'EmailReserved', data: { userId: 'u1', purpose, openedBy } }]);
    expect(state.openedBy).toEqual(openedBy);
    const released = given(emailReservationDecider, { type: 'EmailReserved', data: { userId: 'u1', purpose, openedBy } })
      .when({ type: 'ReleaseEmail', userId: 'u1', reason: 'registration_interrupted' })
      .then([releasedBy('u1', 'registration_interrupted')]);
    expect(released.openedBy).toBeUndefined();
    // Older events carry no run: nothing is recorded and nothing is invented.
    expect(given(emailReservationDecider).when({ type: 'ReserveEmail', userId: 'u2', purpose }).then([
      { type: 'EmailReserved', data: { userId: 'u2', purpose } },
    ]).openedBy).toBeUndefined();
  });
});
