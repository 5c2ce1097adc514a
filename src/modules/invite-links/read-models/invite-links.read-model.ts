import { RecordedEvent } from '../../../shared/application/event-store.port';
import { DocumentStore } from '../../../shared/application/document-store.port';
import { ReadModels } from '../../../shared/application/read-models.port';
import { ReadModel } from '../../../shared/application/projection.port';
import {
  InviteLinkAllowedDomainsChanged,
  InviteLinkDefaultRoleChanged,
  InviteLinkEmailVerificationSet,
  InviteLinkEnabled,
  InviteLinkMicrosoftTenantsChanged,
  InviteLinkRegenerated,
} from '../domain/invite-link.events';
import { TenantCreated } from '../../tenancy/domain/tenant.events';
import { tenantIdOf } from '../../tenancy/read-models/tenant-of-event';

export const INVITE_LINKS_COLLECTION = 'invite_links';

/**
 * The invite link settings of one tenant (id = tenantId), for the admin's view. Token material
 * is the AES-GCM ciphertext only (the view decrypts it to build the URL); the plaintext token
 * never gets here, and look-up hashes stay in invite_tokens.
 */
export type InviteLinkDocument = {
  tenantId: string;
  mspId: string;
  name: string;
  enabled: boolean;
  defaultRoleId: string | null;
  allowedDomains: string[];
  /** Absent in documents projected before the setting existed (= none). */
  allowedMicrosoftTenantIds?: string[];
  /** Absent in documents projected before the setting existed (= off). */
  requireEmailVerification?: boolean;
  ssoConfigured: boolean;
  canceled: boolean;
  /** 0 before the first token, then 1 and +1 per regeneration. */
  generation: number;
  tokenCiphertext: string | null;
};

/** Sets fields of the tenant's invite link document; every patch is a whole field, never a delta. */
function updateInviteLink(store: DocumentStore, event: RecordedEvent, patch: Partial<InviteLinkDocument>): Promise<boolean> {
  return store.updateIfNewer(INVITE_LINKS_COLLECTION, tenantIdOf(event), event.position, patch);
}

/** One invite link per tenant, created with the tenant (disabled, no token) and following every change. */
export const inviteLinksReadModel: ReadModel<Pick<ReadModels, 'inviteLinkOfTenant'>> = {
  collection: INVITE_LINKS_COLLECTION,
  indexes: [],

  async apply(event, store) {
    switch (event.type) {
      case 'TenantCreated': {
        const data = event.data as TenantCreated['data'];
        const link: InviteLinkDocument = {
          tenantId: data.tenantId,
          mspId: data.mspId,
          name: data.name,
          enabled: false,
          defaultRoleId: null,
          allowedDomains: [],
          allowedMicrosoftTenantIds: [],
          requireEmailVerification: false,
          ssoConfigured: false,
          canceled: false,
          generation: 0,
          tokenCiphertext: null,
        };
        await store.upsertIfNewer(INVITE_LINKS_COLLECTION, data.tenantId, event.position, link);
        return;
      }
      case 'TenantSsoConfigured':
        await updateInviteLink(store, event, { ssoConfigured: true });
        return;
      case 'TenantSsoRemoved':
        await updateInviteLink(store, event, { ssoConfigured: false });
        return;
      case 'TenantCanceled':
        await updateInviteLink(store, event, { canceled: true });
        return;
      case 'InviteLinkEnabled': {
        // Only the first enable issues a token; re-enabling restores the same one (R7).
        const data = event.data as InviteLinkEnabled['data'];
        await updateInviteLink(
          store,
          event,
          data.token ? { enabled: true, generation: data.generation, tokenCiphertext: data.token.ciphertext } : { enabled: true },
        );
        return;
      }
      case 'InviteLinkDisabled':
        await updateInviteLink(store, event, { enabled: false });
        return;
      case 'InviteLinkDefaultRoleChanged': {
        const data = event.data as InviteLinkDefaultRoleChanged['data'];
        await updateInviteLink(store, event, { defaultRoleId: data.to });
        return;
      }
      case 'InviteLinkAllowedDomainsChanged': {
        const data = event.data as InviteLinkAllowedDomainsChanged['data'];
        await updateInviteLink(store, event, { allowedDomains: [...data.domains] });
        return;
      }
      case 'InviteLinkMicrosoftTenantsChanged': {
        const data = event.data as InviteLinkMicrosoftTenantsChanged['data'];
        await updateInviteLink(store, event, { allowedMicrosoftTenantIds: [...data.tenantIds] });
        return;
      }
      case 'InviteLinkEmailVerificationSet': {
        const data = event.data as InviteLinkEmailVerificationSet['data'];
        await updateInviteLink(store, event, { requireEmailVerification: data.requireEmailVerification });
        return;
      }
      case 'InviteLinkRegenerated': {
        const data = event.data as InviteLinkRegenerated['data'];
        await updateInviteLink(store, event, { generation: data.generation, tokenCiphertext: data.token.ciphertext });
        return;
      }
    }
  },

  queries: (store) => ({
    async inviteLinkOfTenant(tenantId) {
      const found = await store.get<InviteLinkDocument>(INVITE_LINKS_COLLECTION, tenantId);
      if (!found) return null;
      const { doc } = found;
      // A whitelist, so that nothing else a document may hold ever reaches a caller.
      return {
        tenantId: doc.tenantId,
        name: doc.name,
        enabled: doc.enabled,
        defaultRoleId: doc.defaultRoleId,
        allowedDomains: [...doc.allowedDomains],
        allowedMicrosoftTenantIds: [...(doc.allowedMicrosoftTenantIds ?? [])],
        requireEmailVerification: doc.requireEmailVerification ?? false,
        ssoConfigured: doc.ssoConfigured,
        canceled: doc.canceled,
        generation: doc.generation,
        tokenCiphertext: doc.tokenCiphertext,
      };
    },
  }),
};
