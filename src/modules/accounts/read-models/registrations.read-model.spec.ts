import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { on, readModelSpec } from '../../../shared/application/testing/read-model-spec';
import {
  EmailReleased,
  EmailReserved,
  EmailVerificationExpired,
  EmailVerificationRequested,
  EmailVerified,
  RegistrationCompleted,
} from '../domain/email-reservation.decider';
import { registrationsReadModel } from './registrations.read-model';

const spec = readModelSpec(registrationsReadModel, () => new SqliteDocumentStore(':memory:'));

const reservation = (userId: string) => `emailReservation-hash-of-${userId}`;
const reserved = (userId: string, extra: Partial<EmailReserved['data']> = {}): EmailReserved => ({
  type: 'EmailReserved',
  data: { userId, purpose: { kind: 'invite_link', tenantId: 't-1' }, ...extra },
});
const completed = (userId: string): RegistrationCompleted => ({ type: 'RegistrationCompleted', data: { userId } });
const released = (userId: string): EmailReleased => ({ type: 'EmailReleased', data: { userId, reason: 'registration_abandoned' } });
const requested = (userId: string, expiresAt: string): EmailVerificationRequested => ({
  type: 'EmailVerificationRequested',
  data: { userId, tenantId: 't-1', tokenHash: `token-hash-${userId}`, codeHash: `code-hash-${userId}`, codeSeed: `seed-${userId}`, expiresAt },
});
const verified = (userId: string): EmailVerified => ({ type: 'EmailVerified', data: { userId } });
const expired = (userId: string, expiresAt: string): EmailVerificationExpired => ({ type: 'EmailVerificationExpired', data: { userId, expiresAt } });
/** A signup that waits for its email: reserved at `at`, its verification requested in the same instant. */
const awaiting = (userId: string, at: string, expiresAt: string) => [
  on(reservation(userId), reserved(userId), at),
  on(reservation(userId), requested(userId, expiresAt), at),
];

describe('registrations read model', () => {
  it('given EmailReserved with a purpose, then an open registration records its stream, purpose, start and run', () =>
    spec
      .given(
        on(reservation('u-1'), reserved('u-1', { openedBy: { instanceId: 'host:3000', runId: 'run-1' } }), '2026-01-02T03:04:05.000Z'),
      )
      .then({
        'u-1': {
          userId: 'u-1',
          reservationStream: reservation('u-1'),
          purpose: 'invite_link',
          status: 'open',
          startedAt: '2026-01-02T03:04:05.000Z',
          openedByInstance: 'host:3000',
          openedByRun: 'run-1',
        },
      }));

  it('given RegistrationCompleted or EmailReleased, then the registration is completed or undone', () =>
    spec
      .given(
        on(reservation('u-1'), reserved('u-1')),
        on(reservation('u-2'), reserved('u-2', { purpose: { kind: 'msp_admin', mspId: 'msp-1' } })),
        on(reservation('u-1'), completed('u-1')),
        on(reservation('u-2'), released('u-2')),
      )
      .then({
        'u-1': {
          userId: 'u-1',
          reservationStream: reservation('u-1'),
          purpose: 'invite_link',
          status: 'completed',
          startedAt: '2026-01-01T00:00:00.000Z',
        },
        'u-2': {
          userId: 'u-2',
          reservationStream: reservation('u-2'),
          purpose: 'msp_admin',
          status: 'undone',
          startedAt: '2026-01-01T00:00:00.000Z',
        },
      }));

  it('given a reservation recorded before purposes existed, then it is not tracked, nor are its completions', () =>
    spec.given(on(reservation('u-1'), { type: 'EmailReserved', data: { userId: 'u-1' } }), on(reservation('u-1'), completed('u-1'))).then({}));

  it('finds open registrations oldest first: those started before an instant, and those a given instance opened', () =>
    spec
      .given(
        on(reservation('u-3'), reserved('u-3', { openedBy: { instanceId: 'a', runId: 'r1' } }), '2026-01-03T00:00:00.000Z'),
        on(reservation('u-1'), reserved('u-1', { openedBy: { instanceId: 'a', runId: 'r1' } }), '2026-01-01T00:00:00.000Z'),
        on(reservation('u-2'), reserved('u-2', { openedBy: { instanceId: 'b', runId: 'r2' } }), '2026-01-02T00:00:00.000Z'),
        on(reservation('u-0'), reserved('u-0'), '2025-12-31T00:00:00.000Z'),
        on(reservation('u-0'), completed('u-0')),
      )
      .thenQuery(async (store) => {
        const queries = registrationsReadModel.queries(store);
        const before = await queries.openRegistrations('2026-01-03T00:00:00.000Z', 10);
        expect(before.map((registration) => registration.userId)).toEqual(['u-1', 'u-2']);
        expect(before[0]).toEqual({
          userId: 'u-1',
          reservationStream: reservation('u-1'),
          purpose: 'invite_link',
          startedAt: '2026-01-01T00:00:00.000Z',
          openedBy: { instanceId: 'a', runId: 'r1' },
        });
        expect((await queries.openRegistrationsOfInstance('a', 10)).map((registration) => registration.userId)).toEqual(['u-1', 'u-3']);
        expect((await queries.openRegistrationsOfInstance('a', 1)).map((registration) => registration.userId)).toEqual(['u-1']);
      }));
  it('given EmailVerificationRequested, then the registration awaits verification until the code expires, holding no secret', () =>
    spec.given(...awaiting('u-1', '2026-01-02T03:04:05.000Z', '2026-01-02T04:04:05.000Z')).then({
      'u-1': {
        userId: 'u-1',
        reservationStream: reservation('u-1'),
        purpose: 'invite_link',
        status: 'awaiting_verification',
        startedAt: '2026-01-02T03:04:05.000Z',
        verificationExpiresAt: '2026-01-02T04:04:05.000Z',
      },
    }));

  it('given EmailVerified, then it is open again, started at the confirmation: the join runs now, and a crash in it is recovered', () =>
    spec
      .given(...awaiting('u-1', '2026-01-02T03:04:05.000Z', '2026-01-02T04:04:05.000Z'), on(reservation('u-1'), verified('u-1'), '2026-01-02T03:30:00.000Z'))
      .then({
        'u-1': {
          userId: 'u-1',
          reservationStream: reservation('u-1'),
          purpose: 'invite_link',
          status: 'open',
          startedAt: '2026-01-02T03:30:00.000Z',
          verificationExpiresAt: '2026-01-02T04:04:05.000Z',
        },
      }));

  it('given the join completed, or the registration undone after an expiry or a refused join, then it is completed or undone', () =>
    spec
      .given(
        ...awaiting('u-1', '2026-01-02T03:00:00.000Z', '2026-01-02T04:00:00.000Z'),
        ...awaiting('u-2', '2026-01-02T03:00:00.000Z', '2026-01-02T04:00:00.000Z'),
        ...awaiting('u-3', '2026-01-02T03:00:00.000Z', '2026-01-02T04:00:00.000Z'),
        on(reservation('u-1'), verified('u-1'), '2026-01-02T03:10:00.000Z'),
        on(reservation('u-1'), completed('u-1'), '2026-01-02T03:10:00.000Z'),
        on(reservation('u-2'), expired('u-2', '2026-01-02T04:00:00.000Z'), '2026-01-02T04:00:30.000Z'),
        on(reservation('u-2'), { type: 'EmailReleased', data: { userId: 'u-2', reason: 'verification_expired' } }, '2026-01-02T04:00:30.000Z'),
        on(reservation('u-3'), verified('u-3'), '2026-01-02T03:20:00.000Z'),
        on(reservation('u-3'), { type: 'EmailReleased', data: { userId: 'u-3', reason: 'invite_link_no_longer_valid' } }, '2026-01-02T03:20:00.000Z'),
      )
      .then({
        'u-1': {
          userId: 'u-1',
          reservationStream: reservation('u-1'),
          purpose: 'invite_link',
          status: 'completed',
          startedAt: '2026-01-02T03:10:00.000Z',
          verificationExpiresAt: '2026-01-02T04:00:00.000Z',
        },
        'u-2': {
          userId: 'u-2',
          reservationStream: reservation('u-2'),
          purpose: 'invite_link',
          status: 'undone',
          startedAt: '2026-01-02T03:00:00.000Z',
          verificationExpiresAt: '2026-01-02T04:00:00.000Z',
        },
        'u-3': {
          userId: 'u-3',
          reservationStream: reservation('u-3'),
          purpose: 'invite_link',
          status: 'undone',
          startedAt: '2026-01-02T03:20:00.000Z',
          verificationExpiresAt: '2026-01-02T04:00:00.000Z',
        },
      }));

  it('never lists a registration awaiting verification as open, however old: the person is not interrupted', () =>
    spec
      .given(...awaiting('u-1', '2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z'), on(reservation('u-2'), reserved('u-2', { openedBy: { instanceId: 'a', runId: 'r1' } })))
      .thenQuery(async (store) => {
        const queries = registrationsReadModel.queries(store);
        expect((await queries.openRegistrations('2027-01-01T00:00:00.000Z', 10)).map((registration) => registration.userId)).toEqual(['u-2']);
        expect((await queries.openRegistrationsOfInstance('a', 10)).map((registration) => registration.userId)).toEqual(['u-2']);
      }));

  it('finds verifications overdue at an instant (expiry at or before it), soonest expiry first, at most `limit`', () =>
    spec
      .given(
        ...awaiting('u-late', '2026-01-01T00:00:00.000Z', '2026-01-01T03:00:00.000Z'),
        ...awaiting('u-b', '2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z'),
        ...awaiting('u-a', '2026-01-01T00:30:00.000Z', '2026-01-01T01:00:00.000Z'),
        ...awaiting('u-first', '2026-01-01T00:10:00.000Z', '2026-01-01T00:40:00.000Z'),
        ...awaiting('u-now', '2026-01-01T01:00:00.000Z', '2026-01-01T02:00:00.000Z'),
        // Confirmed (the join is running) or already expired and undone: not waiting any more.
        ...awaiting('u-confirmed', '2026-01-01T00:00:00.000Z', '2026-01-01T00:20:00.000Z'),
        on(reservation('u-confirmed'), verified('u-confirmed')),
        ...awaiting('u-undone', '2026-01-01T00:00:00.000Z', '2026-01-01T00:20:00.000Z'),
        on(reservation('u-undone'), expired('u-undone', '2026-01-01T00:20:00.000Z')),
        on(reservation('u-undone'), released('u-undone')),
      )
      .thenQuery(async (store) => {
        const queries = registrationsReadModel.queries(store);
        const overdue = await queries.overdueVerifications('2026-01-01T02:00:00.000Z', 10);
        expect(overdue.map((registration) => registration.userId)).toEqual(['u-first', 'u-a', 'u-b', 'u-now']);
        expect(overdue[0]).toEqual({
          userId: 'u-first',
          reservationStream: reservation('u-first'),
          purpose: 'invite_link',
          startedAt: '2026-01-01T00:10:00.000Z',
        });
        expect((await queries.overdueVerifications('2026-01-01T02:00:00.000Z', 2)).map((registration) => registration.userId)).toEqual([
          'u-first',
          'u-a',
        ]);
        expect(await queries.overdueVerifications('2026-01-01T00:39:59.999Z', 10)).toEqual([]);
      }));
});
