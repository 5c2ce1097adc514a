import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { DocumentStoreReadModels } from '../../src/infrastructure/read-models/document-store-read-models';
import { SqliteDocumentStore } from '../../src/infrastructure/read-models/sqlite/sqlite-document-store';
import { directoryProjection } from '../../src/modules/directory-projection/directory.projection';

/**
 * The open-registrations read model keeps the run that opened each registration, so that the
 * recovery job of a later run of the same instance finds them whatever their age (R18).
 */
describe('open registrations by the instance that opened them', () => {
  it('lists the open registrations a given instance opened, any run, oldest first; older events have no opener', async () => {
    const events = new SqliteEventStore(':memory:');
    const store = new SqliteDocumentStore(':memory:');
    const append = async (stream: string, type: string, data: Record<string, unknown>, at: string) => {
      await events.appendToStream(stream, [{ id: randomUUID(), type, data, metadata: { actor: { type: 'system' }, at, correlationId: 'spec' } }], {
        expectedRevision: 'any',
      });
    };
    const purpose = { kind: 'invite_link', tenantId: 't-1' };
    const a1 = { instanceId: 'host-a:3000', runId: 'run-1' };
    const a2 = { instanceId: 'host-a:3000', runId: 'run-2' };
    await append('emailReservation-1', 'EmailReserved', { userId: 'u-a1', purpose, openedBy: a1 }, '2026-03-01T09:00:02.000Z');
    await append('emailReservation-2', 'EmailReserved', { userId: 'u-a2', purpose, openedBy: a2 }, '2026-03-01T09:00:01.000Z');
    await append('emailReservation-3', 'EmailReserved', { userId: 'u-b', purpose, openedBy: { instanceId: 'host-b:3000', runId: 'run-1' } }, '2026-03-01T09:00:00.000Z');
    await append('emailReservation-4', 'EmailReserved', { userId: 'u-a-done', purpose, openedBy: a1 }, '2026-03-01T09:00:00.000Z');
    await append('emailReservation-4', 'RegistrationCompleted', { userId: 'u-a-done' }, '2026-03-01T09:00:03.000Z');
    await append('emailReservation-5', 'EmailReserved', { userId: 'u-a-prefix', purpose, openedBy: { instanceId: 'host-a:3000#2', runId: 'x' } }, '2026-03-01T09:00:00.000Z');
    await append('emailReservation-6', 'EmailReserved', { userId: 'u-legacy', purpose }, '2026-03-01T08:00:00.000Z');
    await store.transaction(async () => {
      for (const event of await events.readAll()) await directoryProjection.apply(event, store);
    });
    const readModels = new DocumentStoreReadModels({ store, runner: { waitForPosition: async () => undefined } });

    expect(await readModels.openRegistrationsOfInstance('host-a:3000', 10)).toEqual([
      { userId: 'u-a2', reservationStream: 'emailReservation-2', purpose: 'invite_link', startedAt: '2026-03-01T09:00:01.000Z', openedBy: a2 },
      { userId: 'u-a1', reservationStream: 'emailReservation-1', purpose: 'invite_link', startedAt: '2026-03-01T09:00:02.000Z', openedBy: a1 },
    ]);
    expect((await readModels.openRegistrationsOfInstance('host-a:3000', 1)).map((r) => r.userId)).toEqual(['u-a2']);
    const all = await readModels.openRegistrations('2026-03-01T10:00:00.000Z', 10);
    expect(all.map((r) => [r.userId, r.openedBy?.instanceId])).toEqual([
      ['u-legacy', undefined],
      ['u-a-prefix', 'host-a:3000#2'],
      ['u-b', 'host-b:3000'],
      ['u-a2', 'host-a:3000'],
      ['u-a1', 'host-a:3000'],
    ]);
    expect(all[0]).not.toHaveProperty('openedBy');
    await store.close();
    await events.close();
  });
});
