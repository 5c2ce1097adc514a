import { RecordedEvent } from '../../../shared/application/event-store.port';
import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { on, readModelSpec } from '../../../shared/application/testing/read-model-spec';
import { BUILT_IN_ROLES } from '../../tenancy/domain/roles';
import { TenantCreated, TenantMemberAdded, TenantRoleCreated, tenantStream } from '../../tenancy/domain/tenant.events';
import { tenantRolesReadModel } from '../../tenancy/read-models/tenant-roles.read-model';
import { tenantsReadModel } from '../../tenancy/read-models/tenants.read-model';
import { MemberJoinedViaInviteLink } from '../domain/invite-link.events';
import { dailySignupsReadModel } from './daily-signups.read-model';

// The tenants and tenant roles read models run alongside, as in the composed projection: a
// day's document names the tenant's MSP and the role.
const spec = readModelSpec(dailySignupsReadModel, () => new SqliteDocumentStore(':memory:'), [tenantsReadModel, tenantRolesReadModel]);

const created = (tenantId: string, mspId = 'msp-1'): TenantCreated => ({
  type: 'TenantCreated',
  data: { tenantId, mspId, name: `Tenant ${tenantId}`, builtInRoles: [...BUILT_IN_ROLES] },
});
const customRole: TenantRoleCreated = { type: 'TenantRoleCreated', data: { roleId: 'r-9', name: 'Night shift' } };
const joined = (userId: string, method: 'password' | 'microsoft' = 'password', roleId = 'member'): MemberJoinedViaInviteLink => ({
  type: 'MemberJoinedViaInviteLink',
  data: { userId, roleId, method, generation: 1 },
});

describe('daily signups read model', () => {
  it('given joins through the link, then it counts them per UTC day, method and role, with the MSP and role name', () =>
    spec
      .given(
        on(tenantStream('t-1'), created('t-1')),
        on(tenantStream('t-1'), customRole),
        on(tenantStream('t-1'), joined('u-1'), '2026-03-01T00:00:00.000Z'),
        on(tenantStream('t-1'), joined('u-2'), '2026-03-01T23:59:59.999Z'),
        on(tenantStream('t-1'), joined('u-3', 'microsoft'), '2026-03-01T12:00:00.000Z'),
        on(tenantStream('t-1'), joined('u-4', 'password', 'r-9'), '2026-03-01T12:00:00.000Z'),
        // A minute past midnight UTC is the next day, whatever the local time zone says.
        on(tenantStream('t-1'), joined('u-5'), '2026-03-02T00:01:00.000Z'),
      )
      .then({
        't-1:2026-03-01:microsoft:member': {
          tenantId: 't-1', mspId: 'msp-1', day: '2026-03-01', method: 'microsoft', roleId: 'member', roleName: 'Member', count: 1,
        },
        't-1:2026-03-01:password:member': {
          tenantId: 't-1', mspId: 'msp-1', day: '2026-03-01', method: 'password', roleId: 'member', roleName: 'Member', count: 2,
        },
        't-1:2026-03-01:password:r-9': {
          tenantId: 't-1', mspId: 'msp-1', day: '2026-03-01', method: 'password', roleId: 'r-9', roleName: 'Night shift', count: 1,
        },
        't-1:2026-03-02:password:member': {
          tenantId: 't-1', mspId: 'msp-1', day: '2026-03-02', method: 'password', roleId: 'member', roleName: 'Member', count: 1,
        },
      }));

  it('given members an admin added, then nothing is counted: only joins through the link are signups', () =>
    spec
      .given(
        on(tenantStream('t-1'), created('t-1')),
        on(tenantStream('t-1'), { type: 'TenantMemberAdded', data: { userId: 'u-1', roleId: 'member' } } satisfies TenantMemberAdded),
      )
      .then({}));

  it('given a replay from an earlier checkpoint, or an older join delivered late, then no count changes', () =>
    spec
      .given(
        on(tenantStream('t-1'), created('t-1')),
        on(tenantStream('t-1'), joined('u-1'), '2026-03-01T08:00:00.000Z'),
        on(tenantStream('t-1'), joined('u-2'), '2026-03-01T09:00:00.000Z'),
      )
      .thenQuery(async (store) => {
        const key = 't-1:2026-03-01:password:member';
        expect(await store.get('daily_signups', key)).toMatchObject({ position: 3, doc: { count: 2 } });
        const first = recordedJoin(2, 'u-1', '2026-03-01T08:00:00.000Z');
        const second = recordedJoin(3, 'u-2', '2026-03-01T09:00:00.000Z');
        // Both joins again, in order and out of order: the document already reflects position 3.
        for (const event of [first, second, second, first]) await dailySignupsReadModel.apply(event, store);
        expect(await store.get('daily_signups', key)).toMatchObject({ position: 3, doc: { count: 2 } });
      }));

  it('given a join of a tenant the read models never saw, then it still counts it, with the MSP and role name null', () =>
    spec.given(on(tenantStream('t-404'), joined('u-1'))).then({
      't-404:2026-01-01:password:member': {
        tenantId: 't-404', mspId: null, day: '2026-01-01', method: 'password', roleId: 'member', roleName: null, count: 1,
      },
    }));

  it("answers a tenant's joins per day within [fromDay, toDayExclusive), in day, method and role order", () =>
    spec
      .given(
        on(tenantStream('t-1'), created('t-1')),
        on(tenantStream('t-2'), created('t-2')),
        on(tenantStream('t-1'), customRole),
        on(tenantStream('t-1'), joined('u-0'), '2026-02-28T23:59:59.999Z'),
        on(tenantStream('t-1'), joined('u-1', 'password', 'r-9'), '2026-03-02T10:00:00.000Z'),
        on(tenantStream('t-1'), joined('u-2', 'microsoft'), '2026-03-02T11:00:00.000Z'),
        on(tenantStream('t-1'), joined('u-3'), '2026-03-02T12:00:00.000Z'),
        on(tenantStream('t-1'), joined('u-4'), '2026-03-01T00:00:00.000Z'),
        on(tenantStream('t-2'), joined('u-5'), '2026-03-01T00:00:00.000Z'),
        on(tenantStream('t-1'), joined('u-6'), '2026-03-03T00:00:00.000Z'),
        on(tenantStream('t-3'), joined('u-7'), '2026-03-01T00:00:00.000Z'),
      )
      .thenQuery(async (store) => {
        const { joinsPerDay } = dailySignupsReadModel.queries(store);
        expect(await joinsPerDay('t-1', '2026-03-01', '2026-03-03')).toEqual([
          { day: '2026-03-01', method: 'password', roleId: 'member', roleName: 'Member', count: 1 },
          { day: '2026-03-02', method: 'microsoft', roleId: 'member', roleName: 'Member', count: 1 },
          { day: '2026-03-02', method: 'password', roleId: 'member', roleName: 'Member', count: 1 },
          { day: '2026-03-02', method: 'password', roleId: 'r-9', roleName: 'Night shift', count: 1 },
        ]);
        // Across a month boundary, and an empty window.
        expect((await joinsPerDay('t-1', '2026-02-28', '2026-03-01')).map((row) => row.day)).toEqual(['2026-02-28']);
        expect(await joinsPerDay('t-1', '2026-03-04', '2026-04-01')).toEqual([]);
        expect(await joinsPerDay('t-404', '2026-01-01', '2027-01-01')).toEqual([]);
        // A role it could not name is answered by its id.
        expect(await joinsPerDay('t-3', '2026-03-01', '2026-03-02')).toEqual([
          { day: '2026-03-01', method: 'password', roleId: 'member', roleName: 'member', count: 1 },
        ]);
      }));
});

/** A join recorded at `position`, as the spec helper records the events it is given. */
function recordedJoin(position: number, userId: string, at: string): RecordedEvent {
  return {
    id: `event-${position}`,
    type: 'MemberJoinedViaInviteLink',
    streamName: tenantStream('t-1'),
    revision: position - 1,
    position,
    data: joined(userId).data,
    metadata: { actor: { type: 'system' }, at, correlationId: 'spec' },
    recordedAt: new Date(at),
  };
}
