import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { on, readModelSpec } from '../../../shared/application/testing/read-model-spec';
import { EmailVerificationRequested } from '../../accounts/domain/email-reservation.decider';
import { verificationCodesReadModel } from './verification-codes.read-model';

const spec = readModelSpec(verificationCodesReadModel, () => new SqliteDocumentStore(':memory:'));

const reservation = (name: string) => `emailReservation-hash-of-${name}`;
const requested = (userId: string, tenantId: string, codeHash: string): EmailVerificationRequested => ({
  type: 'EmailVerificationRequested',
  data: {
    userId,
    tenantId,
    tokenHash: `token-hash-${userId}`,
    codeHash,
    codeSeed: `seed-of-${codeHash}`,
    expiresAt: '2026-03-01T10:00:00.000Z',
  },
});

describe('verification codes read model', () => {
  it('given EmailVerificationRequested, then the code hash points to the registration: user, tenant and reservation stream, nothing else', () =>
    spec.given(on(reservation('ann'), requested('u-1', 't-1', 'code-hash-1'))).then({
      'code-hash-1': { userId: 'u-1', tenantId: 't-1', reservationStream: reservation('ann') },
    }));

  it('given a later registration of the same email, then both codes stay: whether one still works is decided on the stream', () =>
    spec
      .given(
        on(reservation('ann'), requested('u-1', 't-1', 'code-hash-1')),
        on(reservation('ann'), { type: 'EmailVerificationExpired', data: { userId: 'u-1', expiresAt: '2026-03-01T10:00:00.000Z' } }),
        on(reservation('ann'), { type: 'EmailReleased', data: { userId: 'u-1', reason: 'verification_expired' } }),
        on(reservation('ann'), requested('u-2', 't-2', 'code-hash-2')),
        on(reservation('ann'), { type: 'EmailVerified', data: { userId: 'u-2' } }),
      )
      .then({
        'code-hash-1': { userId: 'u-1', tenantId: 't-1', reservationStream: reservation('ann') },
        'code-hash-2': { userId: 'u-2', tenantId: 't-2', reservationStream: reservation('ann') },
      }));

  it('given resends, confirmations and other registration events, then it writes nothing', () =>
    spec
      .given(
        on(reservation('ann'), { type: 'EmailReserved', data: { userId: 'u-1', purpose: { kind: 'invite_link', tenantId: 't-1' } } }),
        on(reservation('ann'), { type: 'EmailVerificationResent', data: { userId: 'u-1' } }),
        on(reservation('ann'), { type: 'RegistrationCompleted', data: { userId: 'u-1' } }),
      )
      .then({}));

  it('finds the owner of a known code hash, and nobody for an unknown one', () =>
    spec
      .given(on(reservation('ann'), requested('u-1', 't-1', 'code-hash-1')), on(reservation('bob'), requested('u-2', 't-1', 'code-hash-2')))
      .thenQuery(async (store) => {
        const queries = verificationCodesReadModel.queries(store);
        expect(await queries.verificationCodeOwner('code-hash-2')).toEqual({ userId: 'u-2', tenantId: 't-1', reservationStream: reservation('bob') });
        expect(await queries.verificationCodeOwner('code-hash-unknown')).toBeNull();
      }));
});
