import { RecordedEvent } from '../../../shared/application/event-store.port';
import { DocumentStore } from '../../../shared/application/document-store.port';
import { ReadModels } from '../../../shared/application/read-models.port';
import { ReadModel } from '../../../shared/application/projection.port';
import { InviteLinkEnabled, InviteLinkRegenerated } from '../domain/invite-link.events';
import { tenantIdOf } from '../../tenancy/read-models/tenant-of-event';

export const INVITE_TOKENS_COLLECTION = 'invite_tokens';

/**
 * Every invite token hash ever issued (id = tokenHash), current or former, so that an old link
 * still finds its tenant and can be told apart from a made-up one.
 */
export type InviteTokenDocument = {
  tokenHash: string;
  tenantId: string;
  generation: number;
};

function recordInviteToken(store: DocumentStore, event: RecordedEvent, tokenHash: string, generation: number): Promise<boolean> {
  const doc: InviteTokenDocument = { tokenHash, tenantId: tenantIdOf(event), generation };
  return store.upsertIfNewer(INVITE_TOKENS_COLLECTION, tokenHash, event.position, doc);
}

export const inviteTokensReadModel: ReadModel<Pick<ReadModels, 'tenantIdByTokenHash'>> = {
  collection: INVITE_TOKENS_COLLECTION,
  indexes: [],

  async apply(event, store) {
    switch (event.type) {
      case 'InviteLinkEnabled': {
        // Only the first enable issues a token; re-enabling restores the same one (R7).
        const data = event.data as InviteLinkEnabled['data'];
        if (data.token) await recordInviteToken(store, event, data.token.hash, data.generation);
        return;
      }
      case 'InviteLinkRegenerated': {
        const data = event.data as InviteLinkRegenerated['data'];
        await recordInviteToken(store, event, data.token.hash, data.generation);
        return;
      }
    }
  },

  queries: (store) => ({
    async tenantIdByTokenHash(tokenHash) {
      const token = await store.get<InviteTokenDocument>(INVITE_TOKENS_COLLECTION, tokenHash);
      return token?.doc.tenantId ?? null;
    },
  }),
};
