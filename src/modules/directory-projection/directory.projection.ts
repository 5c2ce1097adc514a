import { RecordedEvent } from '../../shared/application/event-store.port';
import { DocumentStore, IndexSpec } from '../../infrastructure/read-models/document-store';
import { Projection } from '../../infrastructure/read-models/projection';
import { UserRegistered } from '../accounts/domain/user.decider';
import {
  InviteLinkEnabled,
  InviteLinkRegenerated,
  MemberJoinedViaInviteLink,
  TenantCreated,
  TenantMemberAdded,
} from '../tenancy/domain/tenant.events';
import {
  DIRECTORY_COLLECTIONS as C,
  InviteTokenDocument,
  MembershipDocument,
  membershipId,
  TenantDocument,
  UserDocument,
} from './directory.documents';

const TENANT_STREAM_PREFIX = 'tenant-';

/** Events whose payload omits the tenant id carry it in their stream name, `tenant-<id>`. */
function tenantIdOf(event: RecordedEvent): string {
  if (!event.streamName.startsWith(TENANT_STREAM_PREFIX)) {
    throw new Error(`${event.type} at position ${event.position} is not in a tenant stream: ${event.streamName}`);
  }
  return event.streamName.slice(TENANT_STREAM_PREFIX.length);
}

async function addMembership(
  store: DocumentStore,
  event: RecordedEvent,
  data: { userId: string; roleId: string },
  joinedVia: MembershipDocument['joinedVia'],
): Promise<void> {
  const tenantId = tenantIdOf(event);
  // UserRegistered always precedes the membership in the global log, so a missing user is a
  // broken invariant: fail loudly (the runner retries and logs) rather than list a blank user.
  const user = await store.get<UserDocument>(C.users, data.userId);
  if (!user) {
    throw new Error(`${event.type} at position ${event.position}: user ${data.userId} is not in the read model`);
  }
  const doc: MembershipDocument = {
    tenantId,
    userId: data.userId,
    roleId: data.roleId,
    joinedAt: event.metadata.at,
    joinedVia,
    email: user.doc.email,
    firstName: user.doc.firstName,
    lastName: user.doc.lastName,
    signInMethod: user.doc.signInMethod,
  };
  await store.upsertIfNewer(C.memberships, membershipId(tenantId, data.userId), event.position, doc);
}

async function recordInviteToken(
  store: DocumentStore,
  event: RecordedEvent,
  token: { hash: string },
  generation: number,
): Promise<void> {
  const doc: InviteTokenDocument = { tokenHash: token.hash, tenantId: tenantIdOf(event), generation };
  await store.upsertIfNewer(C.inviteTokens, token.hash, event.position, doc);
}

/**
 * Tenants, users, tenant memberships and every invite token hash ever issued. Every write is
 * conditional on the event's position (see DocumentStore), so replays change nothing.
 */
export const directoryProjection: Projection = {
  name: 'directory',
  indexes: [
    { collection: C.tenants, fields: ['mspId', 'createdPosition'] },
    { collection: C.memberships, fields: ['tenantId', 'joinedAt', 'userId'] },
    { collection: C.memberships, fields: ['userId'] },
  ] satisfies IndexSpec[],

  async apply(event, store) {
    switch (event.type) {
      case 'TenantCreated': {
        const data = event.data as TenantCreated['data'];
        const doc: TenantDocument = {
          id: data.tenantId,
          mspId: data.mspId,
          name: data.name,
          status: 'active',
          createdAt: event.metadata.at,
          createdPosition: event.position,
        };
        await store.upsertIfNewer(C.tenants, data.tenantId, event.position, doc);
        return;
      }
      case 'TenantCanceled':
        await store.updateIfNewer(C.tenants, tenantIdOf(event), event.position, { status: 'canceled' });
        return;
      case 'UserRegistered': {
        const data = event.data as UserRegistered['data'];
        const doc: UserDocument = {
          userId: data.userId,
          email: data.email,
          firstName: data.firstName,
          lastName: data.lastName,
          signInMethod: data.signInMethod,
        };
        await store.upsertIfNewer(C.users, data.userId, event.position, doc);
        return;
      }
      case 'TenantMemberAdded':
        await addMembership(store, event, event.data as TenantMemberAdded['data'], 'admin');
        return;
      case 'MemberJoinedViaInviteLink':
        await addMembership(store, event, event.data as MemberJoinedViaInviteLink['data'], 'invite_link');
        return;
      case 'InviteLinkEnabled': {
        // Only the first enable issues a token; re-enabling restores the same one (R7).
        const data = event.data as InviteLinkEnabled['data'];
        if (data.token) await recordInviteToken(store, event, data.token, data.generation);
        return;
      }
      case 'InviteLinkRegenerated': {
        const data = event.data as InviteLinkRegenerated['data'];
        await recordInviteToken(store, event, data.token, data.generation);
        return;
      }
    }
  },
};
