import { SqliteEventStore } from '../../../../infrastructure/event-store/sqlite/sqlite-event-store';
import { systemClock } from '../../../../shared/application/clock';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { userStream } from '../../domain/user.decider';
import { LandingPageHandler } from './get-landing-page.handler';
import { LandingPageQuery } from './get-landing-page.query';

describe('LandingPageQuery', () => {
  let store: SqliteEventStore;
  let handler: LandingPageHandler;
  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
    handler = new LandingPageHandler(new EventSourcedRepository(store, systemClock));
  });
  afterEach(() => store.close());

  const metadata = { actor: { type: 'system' as const }, at: '2026-01-01T00:00:00.000Z', correlationId: 'spec' };
  const registered = (userId: string) => ({
    type: 'UserRegistered',
    data: { userId, email: `${userId}@example.com`, firstName: 'Ada', lastName: 'Lovelace', signInMethod: 'microsoft' },
  });
  const given = (userId: string, ...events: { type: string; data: Record<string, unknown> }[]) =>
    store.appendToStream(
      userStream(userId),
      events.map((event, index) => ({ id: `${userId}-${index}`, ...event, metadata })),
      { expectedRevision: 'any' },
    );

  it('sends an MSP admin to the dashboard', async () => {
    await given('u-admin', registered('u-admin'), { type: 'MspAdminGranted', data: { mspId: 'msp-1', permissions: [] } });
    expect(await handler.execute(new LandingPageQuery('u-admin'))).toBe('/admin');
  });

  it('sends everyone else, and an unknown user, into the product', async () => {
    await given('u-member', registered('u-member'));
    expect(await handler.execute(new LandingPageQuery('u-member'))).toBe('/app');
    expect(await handler.execute(new LandingPageQuery('u-404'))).toBe('/app');
  });
});
