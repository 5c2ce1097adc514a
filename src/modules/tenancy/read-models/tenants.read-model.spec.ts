import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { on, readModelSpec, SPEC_INSTANT } from '../../../shared/application/testing/read-model-spec';
import { BUILT_IN_ROLES } from '../domain/roles';
import { TenantCanceled, TenantCreated, tenantStream } from '../domain/tenant.events';
import { tenantsReadModel } from './tenants.read-model';

const spec = readModelSpec(tenantsReadModel, () => new SqliteDocumentStore(':memory:'));

const created = (tenantId: string, mspId = 'msp-1', name = `Tenant ${tenantId}`): TenantCreated => ({
  type: 'TenantCreated',
  data: { tenantId, mspId, name, builtInRoles: [...BUILT_IN_ROLES] },
});
const canceled: TenantCanceled = { type: 'TenantCanceled', data: {} };

describe('tenants read model', () => {
  it('given TenantCreated, then an active tenant remembers when and at which position it was created', () =>
    spec.given(on(tenantStream('t-1'), created('t-1', 'msp-1', 'Contoso'), '2026-03-04T05:06:07.000Z')).then({
      't-1': {
        id: 't-1',
        mspId: 'msp-1',
        name: 'Contoso',
        status: 'active',
        createdAt: '2026-03-04T05:06:07.000Z',
        createdPosition: 1,
      },
    }));

  it('given TenantCanceled, then the tenant is canceled and keeps everything else', () =>
    spec.given(on(tenantStream('t-1'), created('t-1')), on(tenantStream('t-1'), canceled)).then({
      't-1': { id: 't-1', mspId: 'msp-1', name: 'Tenant t-1', status: 'canceled', createdAt: SPEC_INSTANT, createdPosition: 1 },
    }));

  it('given a TenantCanceled of a tenant it never saw, then no document appears', () =>
    spec.given(on(tenantStream('t-9'), canceled)).then({}));

  it('given events of other read models, then it writes nothing', () =>
    spec.given(on(tenantStream('t-1'), { type: 'TenantRoleCreated', data: { roleId: 'r', name: 'R' } })).then({}));

  it('lists the tenants of one MSP oldest first, whatever their creation instants say', () =>
    spec
      .given(
        on(tenantStream('t-b'), created('t-b', 'msp-1', 'B'), '2026-05-01T00:00:00.000Z'),
        on(tenantStream('t-x'), created('t-x', 'msp-2', 'X')),
        on(tenantStream('t-a'), created('t-a', 'msp-1', 'A'), '2026-01-01T00:00:00.000Z'),
        on(tenantStream('t-b'), canceled),
      )
      .thenQuery(async (store) => {
        expect(await tenantsReadModel.queries(store).listTenantsOfMsp('msp-1')).toEqual([
          { id: 't-b', name: 'B', status: 'canceled' },
          { id: 't-a', name: 'A', status: 'active' },
        ]);
        expect(await tenantsReadModel.queries(store).listTenantsOfMsp('msp-3')).toEqual([]);
      }));
});
