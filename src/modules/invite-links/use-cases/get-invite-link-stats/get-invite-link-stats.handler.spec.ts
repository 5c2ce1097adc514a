import { SqliteEventStore } from '../../../../infrastructure/event-store/sqlite/sqlite-event-store';
import { Clock, systemClock } from '../../../../shared/application/clock';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { DailyJoins, ReadModels } from '../../../../shared/application/read-models.port';
import { Principal } from '../../../../shared/domain/principal';
import { TenantAccess } from '../../../accounts/auth/tenant-access.service';
import { mspStream } from '../../../tenancy/domain/msp.decider';
import { BUILT_IN_ROLES } from '../../../tenancy/domain/roles';
import { tenantStream } from '../../../tenancy/domain/tenant.events';
import { GetInviteLinkStatsHandler } from './get-invite-link-stats.handler';
import { GetInviteLinkStatsQuery, InviteLinkStats } from './get-invite-link-stats.query';

const MSP = '22222222-2222-4222-8222-222222222222';
const TENANT = '11111111-1111-4111-8111-111111111111';
const operator = { principal: { kind: 'operator' } as Principal, correlationId: 'spec' };

/**
 * The stats handler over a real SQLite event store (for the access check) and a fake
 * daily-signups read model that records what it was asked: the window the clock decides, every
 * day of it present, the rows added up by day, method and role.
 */
describe('GetInviteLinkStatsHandler', () => {
  let store: SqliteEventStore;
  let rows: DailyJoins[];
  let asked: { tenantId: string; fromDay: string; toDayExclusive: string }[];
  let now: Date;
  /** The fake returns every row, whatever range it is asked for. */
  let overreach: boolean;

  beforeEach(async () => {
    store = new SqliteEventStore(':memory:');
    rows = [];
    asked = [];
    overreach = false;
    now = new Date('2026-03-02T23:59:59.999Z');
    const at = '2026-01-01T00:00:00.000Z';
    const append = (stream: string, type: string, data: Record<string, unknown>) =>
      store.appendToStream(stream, [{ id: `${type}-${stream}`, type, data, metadata: { actor: { type: 'operator' }, at, correlationId: 'c' } }], {
        expectedRevision: 'any',
      });
    await append(mspStream(MSP), 'MspCreated', { mspId: MSP, name: 'Acme' });
    await append(tenantStream(TENANT), 'TenantCreated', { tenantId: TENANT, mspId: MSP, name: 'Contoso', builtInRoles: [...BUILT_IN_ROLES] });
  });
  afterEach(() => store.close());

  const run = (days: number, caller = operator, tenantId = TENANT): Promise<InviteLinkStats> => {
    const readModels = {
      joinsPerDay: async (tenantId: string, fromDay: string, toDayExclusive: string) => {
        asked.push({ tenantId, fromDay, toDayExclusive });
        return overreach ? rows : rows.filter((row) => row.day >= fromDay && row.day < toDayExclusive);
      },
    } as unknown as ReadModels;
    const clock: Clock = { now: () => now };
    const handler = new GetInviteLinkStatsHandler(new TenantAccess(new EventSourcedRepository(store, systemClock)), readModels, clock);
    return handler.execute(new GetInviteLinkStatsQuery(caller, tenantId, days));
  };
  const row = (day: string, method: DailyJoins['method'], roleId: string, roleName: string, count: number): DailyJoins => ({
    day,
    method,
    roleId,
    roleName,
    count,
  });
  const empty = (day: string) => ({ day, joins: 0, byMethod: { password: 0, microsoft: 0 } });

  it('asks for the days ending today (UTC, by the clock) and lists every one of them, oldest first, with 0 where nobody joined', async () => {
    const stats = await run(3);
    expect(asked).toEqual([{ tenantId: TENANT, fromDay: '2026-02-28', toDayExclusive: '2026-03-03' }]);
    expect(stats).toEqual({ days: [empty('2026-02-28'), empty('2026-03-01'), empty('2026-03-02')], totals: { joins: 0, byRole: [] } });
  });

  it('moves the window with the clock: one millisecond later is the next day', async () => {
    now = new Date('2026-03-03T00:00:00.000Z');
    const stats = await run(1);
    expect(asked).toEqual([{ tenantId: TENANT, fromDay: '2026-03-03', toDayExclusive: '2026-03-04' }]);
    expect(stats.days.map((day) => day.day)).toEqual(['2026-03-03']);
  });

  it('covers 366 days across a leap day and a year end, each day once', async () => {
    now = new Date('2025-01-01T12:00:00.000Z');
    const { days } = await run(366);
    expect(days).toHaveLength(366);
    expect([days[0].day, days.at(-1)!.day]).toEqual(['2024-01-02', '2025-01-01']);
    expect(new Set(days.map((day) => day.day)).size).toBe(366);
    expect(days.map((day) => day.day)).toContain('2024-02-29');
    expect(days.map((day) => day.day)).toEqual([...days.map((day) => day.day)].sort());
  });

  it('adds the rows up per day and method, and per role over the window, most joins first', async () => {
    rows = [
      row('2026-02-28', 'password', 'member', 'Member', 2),
      row('2026-02-28', 'microsoft', 'member', 'Member', 1),
      row('2026-02-28', 'microsoft', 'custom-1', 'Help Desk', 1),
      row('2026-03-02', 'password', 'technician', 'Technician', 1),
      row('2026-03-02', 'password', 'custom-1', 'Service Desk', 3),
    ];
    expect(await run(3)).toEqual({
      days: [
        { day: '2026-02-28', joins: 4, byMethod: { password: 2, microsoft: 2 } },
        empty('2026-03-01'),
        { day: '2026-03-02', joins: 4, byMethod: { password: 4, microsoft: 0 } },
      ],
      totals: {
        joins: 8,
        // A role renamed within the window: its joins together, under its latest name.
        byRole: [
          { roleId: 'custom-1', roleName: 'Service Desk', joins: 4 },
          { roleId: 'member', roleName: 'Member', joins: 3 },
          { roleId: 'technician', roleName: 'Technician', joins: 1 },
        ],
      },
    });
  });

  it('keeps the totals equal to the sum of the days when the read model returns a row outside the window', async () => {
    rows = [row('2026-03-02', 'password', 'member', 'Member', 1), row('2026-02-27', 'password', 'member', 'Member', 5)];
    overreach = true;
    const stats = await run(1);
    expect(stats.totals).toEqual({ joins: 1, byRole: [{ roleId: 'member', roleName: 'Member', joins: 1 }] });
    expect(stats.days).toEqual([{ day: '2026-03-02', joins: 1, byMethod: { password: 1, microsoft: 0 } }]);
  });

  it('refuses as the history does (R20): tenant users 403, admins of another MSP 404, a missing tenant 404, before reading the read model', async () => {
    const user = (msp?: { mspId: string; permissions: string[] }) => ({
      principal: { kind: 'user', user: { userId: 'u', email: 'u@x.example', msp } } as unknown as Principal,
      correlationId: 'spec',
    });
    await expect(run(30, user())).rejects.toMatchObject({ code: 'msp_admin_only' });
    await expect(run(30, user({ mspId: '33333333-3333-4333-8333-333333333333', permissions: ['view_audit_log'] }))).rejects.toMatchObject({
      code: 'tenant_not_found',
    });
    await expect(run(30, operator, '44444444-4444-4444-8444-444444444444')).rejects.toMatchObject({ code: 'tenant_not_found' });
    expect(asked).toEqual([]);
    const auditor = await run(30, user({ mspId: MSP, permissions: ['view_audit_log'] }));
    expect(auditor.days).toHaveLength(30);
  });
});
