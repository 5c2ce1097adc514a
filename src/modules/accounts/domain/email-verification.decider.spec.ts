import { given } from '../../../shared/domain/testing/given-when-then';
import {
  emailReservationDecider,
  EmailReservationEvent,
  isAwaitingVerification,
  isVerificationOverdue,
  MAX_VERIFICATION_RESENDS,
  VERIFICATION_CODE_EXPIRED,
  VERIFICATION_CODE_USED,
} from './email-reservation.decider';

const EXPIRES = '2026-05-11T10:00:00.000Z';
const BEFORE = '2026-05-11T09:30:00.000Z';
const AFTER = '2026-05-11T10:00:00.000Z'; // the expiry instant itself no longer works

const reserved: EmailReservationEvent = { type: 'EmailReserved', data: { userId: 'u1', purpose: { kind: 'invite_link', tenantId: 't1' } } };
const request = { userId: 'u1', tenantId: 't1', tokenHash: 'tok', codeHash: 'code-hash', codeSeed: 'seed', expiresAt: EXPIRES };
const requested: EmailReservationEvent = { type: 'EmailVerificationRequested', data: request };
const verified: EmailReservationEvent = { type: 'EmailVerified', data: { userId: 'u1' } };
const resent: EmailReservationEvent = { type: 'EmailVerificationResent', data: { userId: 'u1' } };

describe('email verification on the reservation stream', () => {
  it('a registration that holds the email records one verification request', () => {
    const state = given(emailReservationDecider, reserved)
      .when({ type: 'RequestEmailVerification', ...request })
      .then([requested]);
    expect(isAwaitingVerification(state, BEFORE)).toBe(true);
    given(emailReservationDecider, reserved, requested).when({ type: 'RequestEmailVerification', ...request }).then([]);
  });

  it('a registration that was undone cannot ask for a verification', () => {
    given(emailReservationDecider).when({ type: 'RequestEmailVerification', ...request }).thenThrows('conflict', 'registration_abandoned');
  });

  it('the right code before the expiry verifies the email, once', () => {
    given(emailReservationDecider, reserved, requested).when({ type: 'VerifyEmail', codeHash: 'code-hash', now: BEFORE }).then([verified]);
    given(emailReservationDecider, reserved, requested, verified)
      .when({ type: 'VerifyEmail', codeHash: 'code-hash', now: BEFORE })
      .thenThrows('conflict', 'verification_code_used', VERIFICATION_CODE_USED);
  });

  it('another code is unknown, whatever the state', () => {
    given(emailReservationDecider, reserved, requested)
      .when({ type: 'VerifyEmail', codeHash: 'other', now: BEFORE })
      .thenThrows('not_found', 'verification_code_invalid');
    given(emailReservationDecider, reserved)
      .when({ type: 'VerifyEmail', codeHash: 'code-hash', now: BEFORE })
      .thenThrows('not_found', 'verification_code_invalid');
  });

  it('from the expiry instant on, the code is expired (410) and the registration is overdue', () => {
    given(emailReservationDecider, reserved, requested)
      .when({ type: 'VerifyEmail', codeHash: 'code-hash', now: AFTER })
      .thenThrows('gone', 'verification_code_expired', VERIFICATION_CODE_EXPIRED);
    const state = given(emailReservationDecider, reserved, requested)
      .when({ type: 'ExpireEmailVerification', userId: 'u1', now: AFTER })
      .then([{ type: 'EmailVerificationExpired', data: { userId: 'u1', expiresAt: EXPIRES } }]);
    expect(isVerificationOverdue(state, AFTER)).toBe(false);
  });

  it('expiring before the expiry, or a verified registration, records nothing', () => {
    given(emailReservationDecider, reserved, requested).when({ type: 'ExpireEmailVerification', userId: 'u1', now: BEFORE }).then([]);
    given(emailReservationDecider, reserved, requested, verified).when({ type: 'ExpireEmailVerification', userId: 'u1', now: AFTER }).then([]);
  });

  it('an expired code stays expired after the registration is undone, and the email is free again', () => {
    const released: EmailReservationEvent = { type: 'EmailReleased', data: { userId: 'u1', reason: 'verification_expired' } };
    const expired: EmailReservationEvent = { type: 'EmailVerificationExpired', data: { userId: 'u1', expiresAt: EXPIRES } };
    const state = given(emailReservationDecider, reserved, requested, expired, released)
      .when({ type: 'ReserveEmail', userId: 'u2' })
      .then([{ type: 'EmailReserved', data: { userId: 'u2' } }]);
    expect(state.verification).toBeNull();
  });

  it('resends while waiting, up to the cap; nothing after the expiry or the confirmation', () => {
    given(emailReservationDecider, reserved, requested).when({ type: 'ResendEmailVerification', userId: 'u1', now: BEFORE }).then([resent]);
    const capped = Array.from({ length: MAX_VERIFICATION_RESENDS }, () => resent);
    given(emailReservationDecider, reserved, requested, ...capped).when({ type: 'ResendEmailVerification', userId: 'u1', now: BEFORE }).then([]);
    given(emailReservationDecider, reserved, requested).when({ type: 'ResendEmailVerification', userId: 'u1', now: AFTER }).then([]);
    given(emailReservationDecider, reserved, requested, verified).when({ type: 'ResendEmailVerification', userId: 'u1', now: BEFORE }).then([]);
    given(emailReservationDecider, reserved).when({ type: 'ResendEmailVerification', userId: 'u1', now: BEFORE }).then([]);
  });
});
