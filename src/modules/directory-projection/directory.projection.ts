import { RecordedEvent } from '../../shared/application/event-store.port';
import { DocumentStore, IndexSpec } from '../../shared/application/document-store.port';
import { Projection } from '../../shared/application/projection.port';
import { EmailReleased, EmailReserved, RegistrationCompleted } from '../accounts/domain/email-reservation.decider';
import { UserRegistered } from '../accounts/domain/user.decider';
import {
  InviteLinkAllowedDomainsChanged,
  InviteLinkMicrosoftTenantsChanged,
  InviteLinkDefaultRoleChanged,
  InviteLinkEnabled,
  InviteLinkRegenerated,
  MemberJoinedViaInviteLink,
  TenantCreated,
  TenantMemberAdded,
  TenantRoleCreated,
} from '../tenancy/domain/tenant.events';
import {
  DIRECTORY_COLLECTIONS as C,
  InviteLinkDocument,
  InviteTokenDocument,
  MembershipDocument,
  membershipId,
  RegistrationDocument,
  REGISTRATIONS_COLLECTION,
  ROLE_SECTION,
  TenantDocument,
  TenantRoleDocument,
  tenantRoleId,
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

async function createTenant(store: DocumentStore, event: RecordedEvent): Promise<void> {
  const data = event.data as TenantCreated['data'];
  const tenant: TenantDocument = {
    id: data.tenantId,
    mspId: data.mspId,
    name: data.name,
    status: 'active',
    createdAt: event.metadata.at,
    createdPosition: event.position,
  };
  await store.upsertIfNewer(C.tenants, data.tenantId, event.position, tenant);
  const link: InviteLinkDocument = {
    tenantId: data.tenantId,
    mspId: data.mspId,
    name: data.name,
    enabled: false,
    defaultRoleId: null,
    allowedDomains: [],
    allowedMicrosoftTenantIds: [],
    ssoConfigured: false,
    canceled: false,
    generation: 0,
    tokenCiphertext: null,
  };
  await store.upsertIfNewer(C.inviteLinks, data.tenantId, event.position, link);
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
}

function saveRole(store: DocumentStore, event: RecordedEvent, role: TenantRoleDocument): Promise<boolean> {
  return store.upsertIfNewer(C.tenantRoles, tenantRoleId(role.tenantId, role.roleId), event.position, role);
}

/** Sets fields of the tenant's invite link document; every patch is a whole field, never a delta. */
function updateInviteLink(store: DocumentStore, event: RecordedEvent, patch: Partial<InviteLinkDocument>): Promise<boolean> {
  return store.updateIfNewer(C.inviteLinks, tenantIdOf(event), event.position, patch);
}

/** Opens a registration document; reservations recorded before purposes existed are not tracked. */
async function openRegistration(store: DocumentStore, event: RecordedEvent): Promise<void> {
  const data = event.data as EmailReserved['data'];
  if (!data.purpose) return;
  const doc: RegistrationDocument = {
    userId: data.userId,
    reservationStream: event.streamName,
    purpose: data.purpose.kind,
    status: 'open',
    startedAt: event.metadata.at,
    ...(data.openedBy ? { openedByInstance: data.openedBy.instanceId, openedByRun: data.openedBy.runId } : {}),
  };
  await store.upsertIfNewer(REGISTRATIONS_COLLECTION, data.userId, event.position, doc);
}

/**
 * Tenants, their roles and invite link settings, users, tenant memberships and every invite
 * token hash ever issued, and account registrations with their progress. Every write is conditional on the event's position (see
 * DocumentStore) and sets whole fields, so replays and older deliveries change nothing.
 */
export const directoryProjection: Projection = {
  name: 'directory',
  indexes: [
    { collection: C.tenants, fields: ['mspId', 'createdPosition'] },
    { collection: C.memberships, fields: ['tenantId', 'joinedAt', 'userId'] },
    { collection: C.memberships, fields: ['userId'] },
    { collection: C.tenantRoles, fields: ['tenantId', 'section', 'rank'] },
    { collection: REGISTRATIONS_COLLECTION, fields: ['status', 'startedAt', 'userId'] },
  ] satisfies IndexSpec[],

  async apply(event, store) {
    switch (event.type) {
      case 'TenantCreated':
        await createTenant(store, event);
        return;
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
      case 'TenantSsoConfigured':
        await updateInviteLink(store, event, { ssoConfigured: true });
        return;
      case 'TenantSsoRemoved':
        await updateInviteLink(store, event, { ssoConfigured: false });
        return;
      case 'TenantCanceled':
        await store.updateIfNewer(C.tenants, tenantIdOf(event), event.position, { status: 'canceled' });
        await updateInviteLink(store, event, { canceled: true });
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
      case 'EmailReserved':
        await openRegistration(store, event);
        return;
      case 'RegistrationCompleted': {
        const data = event.data as RegistrationCompleted['data'];
        await store.updateIfNewer(REGISTRATIONS_COLLECTION, data.userId, event.position, { status: 'completed' });
        return;
      }
      case 'EmailReleased': {
        const data = event.data as EmailReleased['data'];
        await store.updateIfNewer(REGISTRATIONS_COLLECTION, data.userId, event.position, { status: 'undone' });
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
        if (data.token) {
          await recordInviteToken(store, event, data.token, data.generation);
          await updateInviteLink(store, event, {
            enabled: true,
            generation: data.generation,
            tokenCiphertext: data.token.ciphertext,
          });
        } else {
          await updateInviteLink(store, event, { enabled: true });
        }
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
      case 'InviteLinkRegenerated': {
        const data = event.data as InviteLinkRegenerated['data'];
        await recordInviteToken(store, event, data.token, data.generation);
        await updateInviteLink(store, event, { generation: data.generation, tokenCiphertext: data.token.ciphertext });
        return;
      }
    }
  },
};
