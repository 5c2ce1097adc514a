import { RecordedEvent } from '../../../shared/application/event-store.port';
import { DocumentStore } from '../../../shared/application/document-store.port';
import { ReadModel } from '../../../shared/application/projection.port';
import { updateFromCurrent } from '../../../shared/application/update-from-current';
import { MspCreated } from '../domain/msp.decider';
import { TenantCreated } from '../domain/tenant.events';
import { MSPS_COLLECTION, MspDocument } from './msp-document';
import { tenantIdOf } from './tenant-of-event';
import { TENANTS_COLLECTION, TenantDocument } from './tenants.read-model';

const countTenants = (store: DocumentStore, event: RecordedEvent, mspId: string, change: (msp: MspDocument) => Partial<MspDocument>) =>
  updateFromCurrent<MspDocument>(store, MSPS_COLLECTION, mspId, event.position, change);

/**
 * MSPs and how many tenants they have. Reads the tenants read model for the MSP of a canceled
 * tenant (TenantCanceled does not repeat it); an MSP never changes after it is created.
 */
export const mspsReadModel: ReadModel = {
  collection: MSPS_COLLECTION,
  indexes: [],
  dateFields: ['createdAt'],

  async apply(event, store) {
    switch (event.type) {
      case 'MspCreated': {
        const data = event.data as MspCreated['data'];
        const msp: MspDocument = {
          mspId: data.mspId,
          name: data.name,
          tenantCount: 0,
          activeTenantCount: 0,
          canceledTenantCount: 0,
          createdAt: event.metadata.at,
        };
        await store.upsertIfNewer(MSPS_COLLECTION, data.mspId, event.position, msp);
        return;
      }
      // Tenants of an MSP the log never created (hand-written histories) are not counted
      // anywhere: there is no MSP document to count them in.
      case 'TenantCreated': {
        const { mspId } = event.data as TenantCreated['data'];
        await countTenants(store, event, mspId, (msp) => ({
          tenantCount: msp.tenantCount + 1,
          activeTenantCount: msp.activeTenantCount + 1,
        }));
        return;
      }
      case 'TenantCanceled': {
        // The tenant decider refuses a second cancelation, so each tenant moves over once.
        const tenant = await store.get<TenantDocument>(TENANTS_COLLECTION, tenantIdOf(event));
        if (!tenant) return;
        await countTenants(store, event, tenant.doc.mspId, (msp) => ({
          activeTenantCount: msp.activeTenantCount - 1,
          canceledTenantCount: msp.canceledTenantCount + 1,
        }));
        return;
      }
    }
  },

  queries: () => ({}),
};
