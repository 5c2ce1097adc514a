import { RecordedEvent } from '../../../shared/application/event-store.port';
import { DocumentStore, SortKey } from '../../../shared/application/document-store.port';
import { ReadModels, TenantUser } from '../../../shared/application/read-models.port';
import { ReadModel } from '../../../shared/application/projection.port';
import { validationError } from '../../../shared/domain/domain-error';
import { USERS_COLLECTION, UserDocument } from '../../accounts/read-models/users.read-model';
import { MemberJoinedViaInviteLink } from '../../invite-links/domain/invite-link.events';
import { TenantMemberAdded } from '../domain/tenant.events';
import { TENANT_ROLES_COLLECTION, TenantRoleDocument, tenantRoleId } from './tenant-roles.read-model';
import { tenantIdOf } from './tenant-of-event';
import { TENANTS_COLLECTION, TenantDocument } from './tenants.read-model';

export const MEMBERSHIPS_COLLECTION = 'memberships';

export const MAX_PAGE_SIZE = 100;

/**
 * One user's membership of one tenant (id = `${tenantId}:${userId}`), with the user's fields and
 * the tenant's and role's names copied in, so that a dashboard lists members without joins.
 */
export type MembershipDocument = UserDocument & {
  tenantId: string;
  /** Null only for a history that never created the tenant (the service always does first). */
  tenantName: string | null;
  roleId: string;
  /** The role's name (roles are never renamed); null like tenantName. */
  roleName: string | null;
  /** ISO-8601, the membership event's metadata.at. */
  joinedAt: string;
  joinedVia: 'invite_link' | 'admin';
};

export const membershipId = (tenantId: string, userId: string) => `${tenantId}:${userId}`;

/** Newest first; userId breaks ties so that keyset pages never skip or repeat a member. */
const MEMBERS_ORDER: readonly SortKey[] = [
  { field: 'joinedAt', direction: 'desc' },
  { field: 'userId', direction: 'asc' },
];

type MembersCursor = [joinedAt: string, userId: string];

const encodeCursor = (cursor: MembersCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(cursor: string): MembersCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')) {
      return value as MembersCursor;
    }
  } catch {
    // reported below
  }
  throw validationError('invalid_cursor', 'cursor is not valid', { fields: ['cursor'] });
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
  const user = await store.get<UserDocument>(USERS_COLLECTION, data.userId);
  if (!user) {
    throw new Error(`${event.type} at position ${event.position}: user ${data.userId} is not in the read model`);
  }
  // The tenant and its roles were created by earlier events of the same stream; the names are
  // for reading only, so a gap in a hand-written history leaves them null rather than stall.
  const tenant = await store.get<TenantDocument>(TENANTS_COLLECTION, tenantId);
  const role = await store.get<TenantRoleDocument>(TENANT_ROLES_COLLECTION, tenantRoleId(tenantId, data.roleId));
  const doc: MembershipDocument = {
    tenantId,
    tenantName: tenant?.doc.name ?? null,
    userId: data.userId,
    roleId: data.roleId,
    roleName: role?.doc.name ?? null,
    joinedAt: event.metadata.at,
    joinedVia,
    email: user.doc.email,
    firstName: user.doc.firstName,
    lastName: user.doc.lastName,
    signInMethod: user.doc.signInMethod,
  };
  await store.upsertIfNewer(MEMBERSHIPS_COLLECTION, membershipId(tenantId, data.userId), event.position, doc);
}

function toTenantUser(doc: MembershipDocument): TenantUser {
  return {
    userId: doc.userId,
    email: doc.email,
    firstName: doc.firstName,
    lastName: doc.lastName,
    roleId: doc.roleId,
    joinedAt: doc.joinedAt,
    joinedVia: doc.joinedVia,
    signInMethod: doc.signInMethod,
  };
}

/**
 * Tenant memberships, added by an admin or through the invite link: a tenant's user list and a
 * user's tenants. Reads the users read model, which UserRegistered filled before any membership,
 * and the tenants and tenant roles read models for the names.
 */
export const membershipsReadModel: ReadModel<Pick<ReadModels, 'listTenantUsers' | 'membershipsOfUser'>> = {
  collection: MEMBERSHIPS_COLLECTION,
  indexes: [
    { collection: MEMBERSHIPS_COLLECTION, fields: ['tenantId', 'joinedAt', 'userId'] },
    { collection: MEMBERSHIPS_COLLECTION, fields: ['userId'] },
  ],
  dateFields: ['joinedAt'],

  async apply(event, store) {
    switch (event.type) {
      case 'TenantMemberAdded':
        await addMembership(store, event, event.data as TenantMemberAdded['data'], 'admin');
        return;
      case 'MemberJoinedViaInviteLink':
        await addMembership(store, event, event.data as MemberJoinedViaInviteLink['data'], 'invite_link');
        return;
    }
  },

  queries: (store) => ({
    async listTenantUsers(tenantId, page) {
      if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE_SIZE) {
        throw validationError('invalid_limit', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, {
          fields: ['limit'],
        });
      }
      const found = await store.find<MembershipDocument>(MEMBERSHIPS_COLLECTION, {
        where: { tenantId },
        orderBy: MEMBERS_ORDER,
        after: page.cursor === undefined ? undefined : decodeCursor(page.cursor),
        // One extra row tells whether another page exists, so the last page says so itself.
        limit: page.limit + 1,
      });
      const items = found.slice(0, page.limit).map(({ doc }) => toTenantUser(doc));
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: found.length > page.limit ? encodeCursor([last.joinedAt, last.userId]) : null,
      };
    },

    async membershipsOfUser(userId) {
      const memberships = await store.find<MembershipDocument>(MEMBERSHIPS_COLLECTION, {
        where: { userId },
        orderBy: [{ field: 'joinedAt', direction: 'asc' }, { field: 'tenantId', direction: 'asc' }],
      });
      return memberships.map(({ doc }) => ({ tenantId: doc.tenantId, roleId: doc.roleId }));
    },
  }),
};
