import { SqliteEventStore } from '../../../../infrastructure/event-store/sqlite/sqlite-event-store';
import { systemClock } from '../../../../shared/application/clock';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { BUILT_IN_ROLES } from '../../domain/roles';
import { tenantStream } from '../../domain/tenant.events';
import { GetMembershipNamesHandler } from './get-membership-names.handler';
import { GetMembershipNamesQuery } from './get-membership-names.query';

describe('GetMembershipNamesQuery', () => {
  let store: SqliteEventStore;
  let handler: GetMembershipNamesHandler;
  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
    handler = new GetMembershipNamesHandler(new EventSourcedRepository(store, systemClock));
  });
  afterEach(() => store.close());

  const metadata = { actor: { type: 'system' as const }, at: '2026-01-01T00:00:00.000Z', correlationId: 'spec' };
  const given = (stream: string, ...events: { type: string; data: Record<string, unknown> }[]) =>
    store.appendToStream(
      stream,
      events.map((event, index) => ({ id: `${stream}-${index}`, ...event, metadata })),
      { expectedRevision: 'any' },
    );

  it("names each membership's tenant and role from its tenant stream, custom roles included", async () => {
    await given(
      tenantStream('t-1'),
      { type: 'TenantCreated', data: { tenantId: 't-1', mspId: 'msp-1', name: 'Contoso', builtInRoles: [...BUILT_IN_ROLES] } },
      { type: 'TenantRoleCreated', data: { roleId: 'r-1', name: 'Auditor' } },
    );
    expect(
      await handler.execute(
        new GetMembershipNamesQuery([
          { tenantId: 't-1', roleId: 'r-1' },
          { tenantId: 't-1', roleId: 'member' },
        ]),
      ),
    ).toEqual([
      { tenantId: 't-1', roleId: 'r-1', tenantName: 'Contoso', roleName: 'Auditor' },
      { tenantId: 't-1', roleId: 'member', tenantName: 'Contoso', roleName: 'Member' },
    ]);
  });

  it('leaves the names null for a tenant or a role it cannot find, without failing the others', async () => {
    await given(tenantStream('t-1'), {
      type: 'TenantCreated',
      data: { tenantId: 't-1', mspId: 'msp-1', name: 'Contoso', builtInRoles: [...BUILT_IN_ROLES] },
    });
    expect(
      await handler.execute(
        new GetMembershipNamesQuery([
          { tenantId: 't-404', roleId: 'member' },
          { tenantId: 't-1', roleId: 'r-404' },
        ]),
      ),
    ).toEqual([
      { tenantId: 't-404', roleId: 'member', tenantName: null, roleName: null },
      { tenantId: 't-1', roleId: 'r-404', tenantName: 'Contoso', roleName: null },
    ]);
  });
});
