import { ReadModels } from '../../../shared/application/read-models.port';
import { ReadModel } from '../../../shared/application/projection.port';
import { TenantCreated } from '../domain/tenant.events';
import { tenantIdOf } from './tenant-of-event';

export const TENANTS_COLLECTION = 'tenants';

/** One tenant (id = tenantId). */
export type TenantDocument = {
  id: string;
  mspId: string;
  name: string;
  status: 'active' | 'canceled';
  createdAt: string;
  /** Global position of TenantCreated: "oldest first" without ties, whatever the clock did. */
  createdPosition: number;
};

/** The tenants of every MSP, for the MSP admin's list. */
export const tenantsReadModel: ReadModel<Pick<ReadModels, 'listTenantsOfMsp'>> = {
  collection: TENANTS_COLLECTION,
  indexes: [{ collection: TENANTS_COLLECTION, fields: ['mspId', 'createdPosition'] }],

  async apply(event, store) {
    switch (event.type) {
      case 'TenantCreated': {
        const data = event.data as TenantCreated['data'];
        const tenant: TenantDocument = {
          id: data.tenantId,
          mspId: data.mspId,
          name: data.name,
          status: 'active',
          createdAt: event.metadata.at,
          createdPosition: event.position,
        };
        await store.upsertIfNewer(TENANTS_COLLECTION, data.tenantId, event.position, tenant);
        return;
      }
      case 'TenantCanceled':
        await store.updateIfNewer(TENANTS_COLLECTION, tenantIdOf(event), event.position, { status: 'canceled' });
        return;
    }
  },

  queries: (store) => ({
    async listTenantsOfMsp(mspId) {
      const tenants = await store.find<TenantDocument>(TENANTS_COLLECTION, {
        where: { mspId },
        orderBy: [{ field: 'createdPosition', direction: 'asc' }],
      });
      return tenants.map(({ doc }) => ({ id: doc.id, name: doc.name, status: doc.status }));
    },
  }),
};
