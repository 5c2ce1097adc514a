import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { on, readModelSpec } from '../../../shared/application/testing/read-model-spec';
import { BUILT_IN_ROLES } from '../domain/roles';
import { TenantCreated, TenantRoleCreated, tenantStream } from '../domain/tenant.events';
import { ROLE_SECTION, tenantRolesReadModel } from './tenant-roles.read-model';

const spec = readModelSpec(tenantRolesReadModel, () => new SqliteDocumentStore(':memory:'));

const created = (tenantId: string): TenantCreated => ({
  type: 'TenantCreated',
  data: { tenantId, mspId: 'msp-1', name: 'Contoso', builtInRoles: [BUILT_IN_ROLES[0], BUILT_IN_ROLES[2]] },
});
const roleCreated = (roleId: string, name: string): TenantRoleCreated => ({ type: 'TenantRoleCreated', data: { roleId, name } });

describe('tenant roles read model', () => {
  it('given TenantCreated, then each built-in role ranks by its place in the event', () =>
    spec.given(on(tenantStream('t-1'), created('t-1'))).then({
      't-1:tenant_admin': {
        tenantId: 't-1',
        roleId: 'tenant_admin',
        name: 'Tenant Administrator',
        builtIn: true,
        section: ROLE_SECTION.builtIn,
        rank: 0,
      },
      't-1:member': { tenantId: 't-1', roleId: 'member', name: 'Member', builtIn: true, section: ROLE_SECTION.builtIn, rank: 1 },
    }));

  it('given TenantRoleCreated, then the custom role ranks by its global position and takes its tenant from the stream', () =>
    spec.given(on(tenantStream('t-1'), created('t-1')), on(tenantStream('t-1'), roleCreated('r-9', 'Auditor'))).then({
      't-1:tenant_admin': {
        tenantId: 't-1',
        roleId: 'tenant_admin',
        name: 'Tenant Administrator',
        builtIn: true,
        section: ROLE_SECTION.builtIn,
        rank: 0,
      },
      't-1:member': { tenantId: 't-1', roleId: 'member', name: 'Member', builtIn: true, section: ROLE_SECTION.builtIn, rank: 1 },
      't-1:r-9': { tenantId: 't-1', roleId: 'r-9', name: 'Auditor', builtIn: false, section: ROLE_SECTION.custom, rank: 2 },
    }));

  it('given a tenant event outside a tenant stream, then it fails loudly rather than guess the tenant', async () => {
    await expect(spec.given(on('msp-1', roleCreated('r-1', 'Auditor'))).then({})).rejects.toThrow(
      'TenantRoleCreated at position 1 is not in a tenant stream: msp-1',
    );
  });

  it('lists built-in roles first in their fixed order, then custom roles in creation order', () =>
    spec
      .given(
        on(tenantStream('t-1'), roleCreated('r-z', 'Zeta')),
        on(tenantStream('t-1'), created('t-1')),
        on(tenantStream('t-2'), created('t-2')),
        on(tenantStream('t-1'), roleCreated('r-a', 'Alpha')),
      )
      .thenQuery(async (store) => {
        expect(await tenantRolesReadModel.queries(store).listTenantRoles('t-1')).toEqual([
          { id: 'tenant_admin', name: 'Tenant Administrator', builtIn: true },
          { id: 'member', name: 'Member', builtIn: true },
          { id: 'r-z', name: 'Zeta', builtIn: false },
          { id: 'r-a', name: 'Alpha', builtIn: false },
        ]);
      }));
});
