import { RecordedEvent } from '../../../shared/application/event-store.port';
import { DocumentStore, SortKey } from '../../../shared/application/document-store.port';
import { ReadModels } from '../../../shared/application/read-models.port';
import { ReadModel } from '../../../shared/application/projection.port';
import { TenantCreated, TenantRoleCreated } from '../domain/tenant.events';
import { tenantIdOf } from './tenant-of-event';

export const TENANT_ROLES_COLLECTION = 'tenant_roles';

/** Where a role sits in its tenant's list: built-in roles first, in their fixed order. */
export const ROLE_SECTION = { builtIn: 0, custom: 1 } as const;

/**
 * One role of one tenant (id = `${tenantId}:${roleId}`). Lists sort on (section, rank): built-in
 * roles rank by their place in TenantCreated, custom roles by the global position of
 * TenantRoleCreated, that is in creation order.
 */
export type TenantRoleDocument = {
  tenantId: string;
  roleId: string;
  name: string;
  builtIn: boolean;
  section: (typeof ROLE_SECTION)[keyof typeof ROLE_SECTION];
  rank: number;
};

export const tenantRoleId = (tenantId: string, roleId: string) => `${tenantId}:${roleId}`;

/** Built-in roles in their fixed order, then custom roles in creation order. */
const ROLES_ORDER: readonly SortKey[] = [
  { field: 'section', direction: 'asc' },
  { field: 'rank', direction: 'asc' },
];

function saveRole(store: DocumentStore, event: RecordedEvent, role: TenantRoleDocument): Promise<boolean> {
  return store.upsertIfNewer(TENANT_ROLES_COLLECTION, tenantRoleId(role.tenantId, role.roleId), event.position, role);
}

/** The roles of every tenant, built-in and custom, for role pickers and lists. */
export const tenantRolesReadModel: ReadModel<Pick<ReadModels, 'listTenantRoles'>> = {
  collection: TENANT_ROLES_COLLECTION,
  indexes: [{ collection: TENANT_ROLES_COLLECTION, fields: ['tenantId', 'section', 'rank'] }],

  async apply(event, store) {
    switch (event.type) {
      case 'TenantCreated': {
        const data = event.data as TenantCreated['data'];
        for (const [index, role] of data.builtInRoles.entries()) {
          await saveRole(store, event, {
            tenantId: data.tenantId,
            roleId: role.id,
            name: role.name,
            builtIn: true,
            section: ROLE_SECTION.builtIn,
            rank: index,
          });
        }
        return;
      }
      case 'TenantRoleCreated': {
        const data = event.data as TenantRoleCreated['data'];
        await saveRole(store, event, {
          tenantId: tenantIdOf(event),
          roleId: data.roleId,
          name: data.name,
          builtIn: false,
          section: ROLE_SECTION.custom,
          rank: event.position,
        });
        return;
      }
    }
  },

  queries: (store) => ({
    async listTenantRoles(tenantId) {
      const roles = await store.find<TenantRoleDocument>(TENANT_ROLES_COLLECTION, { where: { tenantId }, orderBy: ROLES_ORDER });
      return roles.map(({ doc }) => ({ id: doc.roleId, name: doc.name, builtIn: doc.builtIn }));
    },
  }),
};
