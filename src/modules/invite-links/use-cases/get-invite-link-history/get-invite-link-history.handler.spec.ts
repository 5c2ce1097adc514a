import { SqliteEventStore } from '../../../../infrastructure/event-store/sqlite/sqlite-event-store';
import type { AppConfig } from '../../../../config/app-config';
import { systemClock } from '../../../../shared/application/clock';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { ReadModels, UserName } from '../../../../shared/application/read-models.port';
import { Actor } from '../../../../shared/domain/event';
import { TenantAccess } from '../../../accounts/auth/tenant-access.service';
import { userStream } from '../../../accounts/domain/user.decider';
import { BUILT_IN_ROLES } from '../../../tenancy/domain/roles';
import { tenantStream } from '../../../tenancy/domain/tenant.events';
import { GetInviteLinkHistoryHandler } from './get-invite-link-history.handler';
import { GetInviteLinkHistoryQuery, HistoryFilter, HistoryPaging } from './get-invite-link-history.query';
import { decodeHistoryCursor, historyCursorKey } from './history-cursor';

const TENANT = '11111111-1111-4111-8111-111111111111';
const ADMIN = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const JOINER = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const TENANT_USER = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const TOKEN_SECRET = 'spec-token-secret';
const operatorCaller = { principal: { kind: 'operator' as const }, correlationId: 'spec' };

/**
 * The history handler over a real SQLite event store: names from the read model or, when it has
 * not caught up, from the user streams; paging in both orders across the store's read chunks.
 */
describe('GetInviteLinkHistoryHandler', () => {
  let store: SqliteEventStore;
  let handler: GetInviteLinkHistoryHandler;
  /** What the users read model has seen so far. */
  let projected: UserName[];

  beforeEach(async () => {
    store = new SqliteEventStore(':memory:');
    const repository = new EventSourcedRepository(store, systemClock);
    projected = [];
    const readModels = {
      userNamesByIds: async (ids: readonly string[]) => projected.filter((user) => ids.includes(user.userId)),
    } as unknown as ReadModels;
    handler = new GetInviteLinkHistoryHandler(new TenantAccess(repository), repository, store, readModels, {
      tokenSecret: TOKEN_SECRET,
    } as AppConfig);
    await append(tenantStream(TENANT), { type: 'TenantCreated', data: { tenantId: TENANT, mspId: 'm', name: 'Contoso', builtInRoles: [...BUILT_IN_ROLES] } });
  });
  afterEach(() => store.close());

  let n = 0;
  const append = (stream: string, event: { type: string; data: Record<string, unknown> }, actor: Actor = { type: 'operator' }, at = '2026-01-01T00:00:00.000Z') =>
    store.appendToStream(stream, [{ id: `event-${++n}`, ...event, metadata: { actor, at, correlationId: `corr-${n}` } }], { expectedRevision: 'any' });
  const registered = (userId: string, firstName: string, lastName: string, email: string) =>
    append(userStream(userId), { type: 'UserRegistered', data: { userId, email, firstName, lastName, signInMethod: 'password', passwordHash: 'x' } });
  const roleChange = (to: string, actor: Actor = { type: 'operator' }, at?: string) =>
    append(tenantStream(TENANT), { type: 'InviteLinkDefaultRoleChanged', data: { from: null, to } }, actor, at);
  const run = (filter: HistoryFilter = {}, paging: HistoryPaging = { limit: 100, order: 'asc' }) =>
    handler.execute(new GetInviteLinkHistoryQuery(operatorCaller, TENANT, filter, paging));

  it('names people from the read model, and from their user stream when the read model has not caught up', async () => {
    await registered(ADMIN, 'Ada', 'Admin', 'ada@msp.example');
    await registered(JOINER, 'Nia', 'Newcomer', 'nia@contoso.example');
    await registered(TENANT_USER, 'Terry', 'Tenant', 'terry@contoso.example');
    // The read model knows the admin under the name it had projected; the others only the write side knows.
    projected = [{ userId: ADMIN, firstName: 'Ada', lastName: 'Admin', email: 'ada@msp.example' }];
    await roleChange('member', { type: 'msp_admin', id: ADMIN });
    await roleChange('technician', { type: 'new_user', id: JOINER });
    await roleChange('member', { type: 'user', id: TENANT_USER });
    await roleChange('technician', { type: 'operator' });
    await roleChange('member', { type: 'system' });
    await roleChange('technician', { type: 'msp_admin', id: 'dddddddd-dddd-4ddd-8ddd-dddddddddddd' });

    const { items } = await run();
    expect(items.map((item) => item.actorName)).toEqual([
      'Ada Admin <ada@msp.example>',
      'Nia Newcomer <nia@contoso.example>',
      'Terry Tenant <terry@contoso.example>',
      'Operator',
      'System',
      'Unknown account dddddddd-dddd-4ddd-8ddd-dddddddddddd',
    ]);
  });

  it('gives each item its id, revision and correlation id, and its data without secret fields', async () => {
    await append(tenantStream(TENANT), {
      type: 'InviteLinkEnabled',
      data: { generation: 1, token: { hash: 'h', ciphertext: 'c' } },
    });
    const { items } = await run();
    expect(items).toEqual([
      {
        id: `event-${n}`,
        type: 'InviteLinkEnabled',
        at: '2026-01-01T00:00:00.000Z',
        actor: { type: 'operator' },
        actorName: 'Operator',
        data: { generation: 1 },
        revision: 1,
        correlationId: `corr-${n}`,
      },
    ]);
  });

  it('pages across read chunks in both orders: every item once, nextCursor null on the page with the last one', async () => {
    // 600 events: more than two of the handler's read chunks; only every other one is listed.
    for (let i = 0; i < 300; i++) {
      await roleChange(i % 2 ? 'member' : 'technician');
      await append(tenantStream(TENANT), { type: 'TenantMemberAdded', data: { userId: `u-${i}`, roleId: 'member' } });
    }
    const key = historyCursorKey(TOKEN_SECRET);
    for (const order of ['asc', 'desc'] as const) {
      const revisions: number[] = [];
      let afterRevision: number | undefined;
      let pages = 0;
      for (;;) {
        const page = await run({}, { limit: 70, order, afterRevision });
        pages += 1;
        revisions.push(...page.items.map((item) => item.revision));
        if (!page.nextCursor) break;
        afterRevision = decodeHistoryCursor(key, TENANT, order, page.nextCursor)!.revision;
        expect(afterRevision).toBe(page.items.at(-1)!.revision);
      }
      const expected = Array.from({ length: 300 }, (_, i) => 1 + 2 * i);
      expect([order, pages, revisions]).toEqual([order, 5, order === 'asc' ? expected : expected.reverse()]);
    }
  });

  it('filters by type and by instant, from inclusive and to exclusive', async () => {
    await roleChange('member', undefined, '2026-01-01T00:00:00.000Z');
    await append(tenantStream(TENANT), { type: 'TenantCanceled', data: {} }, undefined, '2026-01-01T00:00:00.001Z');
    await roleChange('technician', undefined, '2026-01-01T00:00:00.002Z');
    const types = async (filter: HistoryFilter) => (await run(filter)).items.map((item) => `${item.type}@${item.at.slice(20)}`);
    expect(await types({ types: new Set(['TenantCanceled']) })).toEqual(['TenantCanceled@001Z']);
    const from = Date.parse('2026-01-01T00:00:00.001Z');
    expect(await types({ from })).toEqual(['TenantCanceled@001Z', 'InviteLinkDefaultRoleChanged@002Z']);
    expect(await types({ to: from })).toEqual(['InviteLinkDefaultRoleChanged@000Z']);
    expect(await types({ from, to: from + 1 })).toEqual(['TenantCanceled@001Z']);
  });
});
