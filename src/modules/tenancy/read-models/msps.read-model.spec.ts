import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { on, readModelSpec, SPEC_INSTANT } from '../../../shared/application/testing/read-model-spec';
import { MspCreated, mspStream } from '../domain/msp.decider';
import { BUILT_IN_ROLES } from '../domain/roles';
import { TenantCanceled, TenantCreated, tenantStream } from '../domain/tenant.events';
import { mspsReadModel } from './msps.read-model';
import { tenantsReadModel } from './tenants.read-model';

// The tenants read model runs alongside, as in the composed projection: a canceled tenant's MSP
// is found there.
const spec = readModelSpec(mspsReadModel, () => new SqliteDocumentStore(':memory:'), [tenantsReadModel]);

const mspCreated = (mspId: string, name: string): MspCreated => ({ type: 'MspCreated', data: { mspId, name } });
const created = (tenantId: string, mspId: string): TenantCreated => ({
  type: 'TenantCreated',
  data: { tenantId, mspId, name: `Tenant ${tenantId}`, builtInRoles: [...BUILT_IN_ROLES] },
});
const canceled: TenantCanceled = { type: 'TenantCanceled', data: {} };

describe('msps read model', () => {
  it('given MspCreated, then the MSP has its name, when it was created and no tenants', () =>
    spec.given(on(mspStream('msp-1'), mspCreated('msp-1', 'Northwind IT'), '2026-02-03T04:05:06.000Z')).then({
      'msp-1': {
        mspId: 'msp-1',
        name: 'Northwind IT',
        tenantCount: 0,
        activeTenantCount: 0,
        canceledTenantCount: 0,
        createdAt: '2026-02-03T04:05:06.000Z',
      },
    }));

  it('given tenants created and canceled, then it counts every tenant its MSP ever had, split by status', () =>
    spec
      .given(
        on(mspStream('msp-1'), mspCreated('msp-1', 'Northwind IT')),
        on(mspStream('msp-2'), mspCreated('msp-2', 'Contoso Managed')),
        on(tenantStream('t-1'), created('t-1', 'msp-1')),
        on(tenantStream('t-2'), created('t-2', 'msp-1')),
        on(tenantStream('t-3'), created('t-3', 'msp-1')),
        on(tenantStream('t-4'), created('t-4', 'msp-2')),
        on(tenantStream('t-2'), canceled),
      )
      .then({
        'msp-1': {
          mspId: 'msp-1',
          name: 'Northwind IT',
          tenantCount: 3,
          activeTenantCount: 2,
          canceledTenantCount: 1,
          createdAt: SPEC_INSTANT,
        },
        'msp-2': {
          mspId: 'msp-2',
          name: 'Contoso Managed',
          tenantCount: 1,
          activeTenantCount: 1,
          canceledTenantCount: 0,
          createdAt: SPEC_INSTANT,
        },
      }));

  it('given tenants of an MSP the log never created, then no MSP document appears', () =>
    spec.given(on(tenantStream('t-1'), created('t-1', 'msp-404')), on(tenantStream('t-1'), canceled)).then({}));

  it('given the events of a tenant it does not count, then it writes nothing', () =>
    spec.given(on(tenantStream('t-1'), { type: 'TenantRoleCreated', data: { roleId: 'r', name: 'R' } })).then({}));
});
