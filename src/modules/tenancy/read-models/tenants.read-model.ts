import { RecordedEvent } from '../../../shared/application/event-store.port';
import { DocumentStore } from '../../../shared/application/document-store.port';
import { ReadModels } from '../../../shared/application/read-models.port';
import { ReadModel } from '../../../shared/application/projection.port';
import { updateFromCurrent } from '../../../shared/application/update-from-current';
import {
  InviteLinkAllowedDomainsChanged,
  InviteLinkDefaultRoleChanged,
  InviteLinkEmailVerificationSet,
} from '../../invite-links/domain/invite-link.events';
import { TenantCreated } from '../domain/tenant.events';
import { MSPS_COLLECTION, MspDocument } from './msp-document';
import { TENANT_ROLES_COLLECTION, TenantRoleDocument, tenantRoleId } from './tenant-roles.read-model';
import { tenantIdOf } from './tenant-of-event';

export const TENANTS_COLLECTION = 'tenants';

/**
 * One tenant (id = tenantId) with a summary of its invite link, for the MSP admin's list and for
 * dashboards. No token material: the link's ciphertext stays in invite_links, its hashes in
 * invite_tokens.
 */
export type TenantDocument = {
  id: string;
  mspId: string;
  /** Null when the log never created the tenant's MSP. */
  mspName: string | null;
  name: string;
  status: 'active' | 'canceled';
  createdAt: string;
  /** Global position of TenantCreated: "oldest first" without ties, whatever the clock did. */
  createdPosition: number;
  ssoConfigured: boolean;
  linkEnabled: boolean;
  defaultRoleId: string | null;
  /** The role's name when the default role was chosen (roles are never renamed). */
  defaultRoleName: string | null;
  allowedDomains: string[];
  /**
   * Password signups through the link confirm their email address first. Absent in documents
   * projected before the setting existed (= off).
   */
  requireEmailVerification?: boolean;
  /** Members however they joined: added by an admin or through the invite link. */
  memberCount: number;
  joinsViaLink: number;
  /** ISO-8601 instant of the last join through the invite link; null before the first. */
  lastJoinAt: string | null;
};

/** Sets fields of the tenant's document; every patch is a whole field, never a delta. */
function updateTenant(store: DocumentStore, event: RecordedEvent, patch: Partial<TenantDocument>): Promise<boolean> {
  return store.updateIfNewer(TENANTS_COLLECTION, tenantIdOf(event), event.position, patch);
}

function countMember(store: DocumentStore, event: RecordedEvent, viaLink: boolean): Promise<boolean> {
  return updateFromCurrent<TenantDocument>(store, TENANTS_COLLECTION, tenantIdOf(event), event.position, (tenant) =>
    viaLink
      ? { memberCount: tenant.memberCount + 1, joinsViaLink: tenant.joinsViaLink + 1, lastJoinAt: event.metadata.at }
      : { memberCount: tenant.memberCount + 1 },
  );
}

/**
 * The tenants of every MSP and their invite link at a glance. Reads the msps collection for the
 * MSP's name and tenant_roles for the default role's name; both were written by earlier events.
 */
export const tenantsReadModel: ReadModel<Pick<ReadModels, 'listTenantsOfMsp'>> = {
  collection: TENANTS_COLLECTION,
  indexes: [
    { collection: TENANTS_COLLECTION, fields: ['mspId', 'createdPosition'] },
    // Tenants with links enabled, everywhere or of one MSP.
    { collection: TENANTS_COLLECTION, fields: ['linkEnabled', 'mspId'] },
  ],
  dateFields: ['createdAt', 'lastJoinAt'],

  async apply(event, store) {
    switch (event.type) {
      case 'TenantCreated': {
        const data = event.data as TenantCreated['data'];
        const msp = await store.get<MspDocument>(MSPS_COLLECTION, data.mspId);
        const tenant: TenantDocument = {
          id: data.tenantId,
          mspId: data.mspId,
          mspName: msp?.doc.name ?? null,
          name: data.name,
          status: 'active',
          createdAt: event.metadata.at,
          createdPosition: event.position,
          ssoConfigured: false,
          linkEnabled: false,
          defaultRoleId: null,
          defaultRoleName: null,
          allowedDomains: [],
          requireEmailVerification: false,
          memberCount: 0,
          joinsViaLink: 0,
          lastJoinAt: null,
        };
        await store.upsertIfNewer(TENANTS_COLLECTION, data.tenantId, event.position, tenant);
        return;
      }
      case 'TenantCanceled':
        await updateTenant(store, event, { status: 'canceled' });
        return;
      case 'TenantSsoConfigured':
        await updateTenant(store, event, { ssoConfigured: true });
        return;
      case 'TenantSsoRemoved':
        await updateTenant(store, event, { ssoConfigured: false });
        return;
      case 'InviteLinkEnabled':
        await updateTenant(store, event, { linkEnabled: true });
        return;
      case 'InviteLinkDisabled':
        await updateTenant(store, event, { linkEnabled: false });
        return;
      case 'InviteLinkDefaultRoleChanged': {
        const { to } = event.data as InviteLinkDefaultRoleChanged['data'];
        const role = await store.get<TenantRoleDocument>(TENANT_ROLES_COLLECTION, tenantRoleId(tenantIdOf(event), to));
        await updateTenant(store, event, { defaultRoleId: to, defaultRoleName: role?.doc.name ?? null });
        return;
      }
      case 'InviteLinkAllowedDomainsChanged': {
        const { domains } = event.data as InviteLinkAllowedDomainsChanged['data'];
        await updateTenant(store, event, { allowedDomains: [...domains] });
        return;
      }
      case 'InviteLinkEmailVerificationSet': {
        const { requireEmailVerification } = event.data as InviteLinkEmailVerificationSet['data'];
        await updateTenant(store, event, { requireEmailVerification });
        return;
      }
      case 'TenantMemberAdded':
        await countMember(store, event, false);
        return;
      case 'MemberJoinedViaInviteLink':
        await countMember(store, event, true);
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
