import { validationError } from '../../shared/domain/domain-error';
import {
  InviteLinkSettings,
  OpenRegistration,
  Page,
  ReadModels,
  TenantRoleSummary,
  TenantSummary,
  TenantUser,
} from '../../shared/application/read-models.port';
import {
  DIRECTORY_COLLECTIONS as C,
  InviteLinkDocument,
  InviteTokenDocument,
  MembershipDocument,
  RegistrationDocument,
  REGISTRATIONS_COLLECTION,
  TenantDocument,
  TenantRoleDocument,
} from '../../modules/directory-projection/directory.documents';
import { DocumentStore, SortKey } from '../../shared/application/document-store.port';

export const MAX_PAGE_SIZE = 100;

/** Oldest first: the ones waiting longest are decided first. */
const REGISTRATIONS_ORDER: readonly SortKey[] = [
  { field: 'startedAt', direction: 'asc' },
  { field: 'userId', direction: 'asc' },
];

/** Newest first; userId breaks ties so that keyset pages never skip or repeat a member. */
const MEMBERS_ORDER: readonly SortKey[] = [
  { field: 'joinedAt', direction: 'desc' },
  { field: 'userId', direction: 'asc' },
];

/** Built-in roles in their fixed order, then custom roles in creation order. */
const ROLES_ORDER: readonly SortKey[] = [
  { field: 'section', direction: 'asc' },
  { field: 'rank', direction: 'asc' },
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

/**
 * Where the queries read from. Looked up on every query, because a rebuild can switch the
 * service to freshly built storage while it keeps answering.
 */
export interface ReadModelSource {
  readonly store: DocumentStore;
  readonly runner: { waitForPosition(position: number, timeoutMs?: number): Promise<void> };
}

/**
 * The ReadModels port over any DocumentStore filled by the directory projection. Whether the
 * documents are fresh enough is the caller's business: use waitForPosition after a write.
 */
export class DocumentStoreReadModels implements ReadModels {
  constructor(private readonly source: ReadModelSource) {}

  private get store(): DocumentStore {
    return this.source.store;
  }

  async listTenantsOfMsp(mspId: string): Promise<TenantSummary[]> {
    const tenants = await this.store.find<TenantDocument>(C.tenants, {
      where: { mspId },
      orderBy: [{ field: 'createdPosition', direction: 'asc' }],
    });
    return tenants.map(({ doc }) => ({ id: doc.id, name: doc.name, status: doc.status }));
  }

  async listTenantUsers(tenantId: string, page: { limit: number; cursor?: string }): Promise<Page<TenantUser>> {
    if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE_SIZE) {
      throw validationError('invalid_limit', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, {
        fields: ['limit'],
      });
    }
    const found = await this.store.find<MembershipDocument>(C.memberships, {
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
  }

  async membershipsOfUser(userId: string): Promise<{ tenantId: string; roleId: string }[]> {
    const memberships = await this.store.find<MembershipDocument>(C.memberships, {
      where: { userId },
      orderBy: [{ field: 'joinedAt', direction: 'asc' }, { field: 'tenantId', direction: 'asc' }],
    });
    return memberships.map(({ doc }) => ({ tenantId: doc.tenantId, roleId: doc.roleId }));
  }

  async inviteLinkOfTenant(tenantId: string): Promise<InviteLinkSettings | null> {
    const found = await this.store.get<InviteLinkDocument>(C.inviteLinks, tenantId);
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
      ssoConfigured: doc.ssoConfigured,
      canceled: doc.canceled,
      generation: doc.generation,
      tokenCiphertext: doc.tokenCiphertext,
    };
  }

  async listTenantRoles(tenantId: string): Promise<TenantRoleSummary[]> {
    const roles = await this.store.find<TenantRoleDocument>(C.tenantRoles, { where: { tenantId }, orderBy: ROLES_ORDER });
    return roles.map(({ doc }) => ({ id: doc.roleId, name: doc.name, builtIn: doc.builtIn }));
  }

  async tenantIdByTokenHash(tokenHash: string): Promise<string | null> {
    const token = await this.store.get<InviteTokenDocument>(C.inviteTokens, tokenHash);
    return token?.doc.tenantId ?? null;
  }

  async openRegistrations(startedBefore: string, limit: number): Promise<OpenRegistration[]> {
    // Open registrations are few (each lives for a moment unless a crash interrupted it), so
    // the range condition the port cannot express is applied here, on an ordered, bounded page.
    const open = await this.store.find<RegistrationDocument>(REGISTRATIONS_COLLECTION, {
      where: { status: 'open' },
      orderBy: REGISTRATIONS_ORDER,
      limit,
    });
    return open.filter(({ doc }) => doc.startedAt < startedBefore).map(({ doc }) => toOpenRegistration(doc));
  }

  async openRegistrationsOfInstance(instanceId: string, limit: number): Promise<OpenRegistration[]> {
    const open = await this.store.find<RegistrationDocument>(REGISTRATIONS_COLLECTION, {
      where: { status: 'open', openedByInstance: instanceId },
      orderBy: REGISTRATIONS_ORDER,
      limit,
    });
    return open.map(({ doc }) => toOpenRegistration(doc));
  }

  waitForPosition(position: number, timeoutMs?: number): Promise<void> {
    return this.source.runner.waitForPosition(position, timeoutMs);
  }
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

function toOpenRegistration(doc: RegistrationDocument): OpenRegistration {
  return {
    userId: doc.userId,
    reservationStream: doc.reservationStream,
    purpose: doc.purpose,
    startedAt: doc.startedAt,
    ...(doc.openedByInstance && doc.openedByRun ? { openedBy: { instanceId: doc.openedByInstance, runId: doc.openedByRun } } : {}),
  };
}
