import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { on, readModelSpec } from '../../../shared/application/testing/read-model-spec';
import { EmailReleased, EmailReserved, RegistrationCompleted } from '../domain/email-reservation.decider';
import { registrationsReadModel } from './registrations.read-model';

const spec = readModelSpec(registrationsReadModel, () => new SqliteDocumentStore(':memory:'));

const reservation = (userId: string) => `emailReservation-hash-of-${userId}`;
const reserved = (userId: string, extra: Partial<EmailReserved['data']> = {}): EmailReserved => ({
  type: 'EmailReserved',
  data: { userId, purpose: { kind: 'invite_link', tenantId: 't-1' }, ...extra },
});
const completed = (userId: string): RegistrationCompleted => ({ type: 'RegistrationCompleted', data: { userId } });
const released = (userId: string): EmailReleased => ({ type: 'EmailReleased', data: { userId, reason: 'registration_abandoned' } });

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
});
