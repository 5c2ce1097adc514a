import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { DomainError } from '../../../shared/domain/domain-error';
import { on, readModelSpec } from '../../../shared/application/testing/read-model-spec';
import { UserRegistered, userStream } from '../../accounts/domain/user.decider';
import { usersReadModel } from '../../accounts/read-models/users.read-model';
import { MemberJoinedViaInviteLink } from '../../invite-links/domain/invite-link.events';
import { BUILT_IN_ROLES } from '../domain/roles';
import { TenantCreated, TenantMemberAdded, tenantStream } from '../domain/tenant.events';
import { MAX_PAGE_SIZE, membershipsReadModel } from './memberships.read-model';
import { tenantRolesReadModel } from './tenant-roles.read-model';
import { tenantsReadModel } from './tenants.read-model';

// The users, tenants and tenant roles read models run alongside, as in the composed projection:
// memberships copy the user's fields and the tenant's and role's names.
const spec = readModelSpec(membershipsReadModel, () => new SqliteDocumentStore(':memory:'), [
  usersReadModel,
  tenantsReadModel,
  tenantRolesReadModel,
]);

const registered = (userId: string, signInMethod: 'password' | 'microsoft' = 'password'): UserRegistered => ({
  type: 'UserRegistered',
  data: {
    userId,
    email: `${userId}@example.com`,
    firstName: `First ${userId}`,
    lastName: `Last ${userId}`,
    signInMethod,
    ...(signInMethod === 'password' ? { passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA' } : {}),
  },
});
const added = (userId: string, roleId = 'member'): TenantMemberAdded => ({ type: 'TenantMemberAdded', data: { userId, roleId } });
const joined = (userId: string, roleId = 'member'): MemberJoinedViaInviteLink => ({
  type: 'MemberJoinedViaInviteLink',
  data: { userId, roleId, method: 'microsoft', generation: 1 },
});

const tenantCreated = (tenantId: string, name: string): TenantCreated => ({
  type: 'TenantCreated',
  data: { tenantId, mspId: 'msp-1', name, builtInRoles: [...BUILT_IN_ROLES] },
});

describe('memberships read model', () => {
  it('given the tenant and its roles, then a membership names the tenant and the role, built-in or custom', () =>
    spec
      .given(
        on(tenantStream('t-1'), tenantCreated('t-1', 'Contoso')),
        on(tenantStream('t-1'), { type: 'TenantRoleCreated', data: { roleId: 'r-7', name: 'Helpdesk' } }),
        on(userStream('u-1'), registered('u-1')),
        on(userStream('u-2'), registered('u-2', 'microsoft')),
        on(tenantStream('t-1'), added('u-1', 'read_only')),
        on(tenantStream('t-1'), joined('u-2', 'r-7')),
      )
      .then({
        't-1:u-1': {
          tenantId: 't-1',
          tenantName: 'Contoso',
          userId: 'u-1',
          roleId: 'read_only',
          roleName: 'Read-only',
          joinedAt: '2026-01-01T00:00:00.000Z',
          joinedVia: 'admin',
          email: 'u-1@example.com',
          firstName: 'First u-1',
          lastName: 'Last u-1',
          signInMethod: 'password',
        },
        't-1:u-2': {
          tenantId: 't-1',
          tenantName: 'Contoso',
          userId: 'u-2',
          roleId: 'r-7',
          roleName: 'Helpdesk',
          joinedAt: '2026-01-01T00:00:00.000Z',
          joinedVia: 'invite_link',
          email: 'u-2@example.com',
          firstName: 'First u-2',
          lastName: 'Last u-2',
          signInMethod: 'microsoft',
        },
      }));

  // The histories below never create their tenants: the names stay null, nothing else changes.
  it('given TenantMemberAdded, then the membership copies the user (never the password hash) and says an admin added it', () =>
    spec
      .given(on(userStream('u-1'), registered('u-1')), on(tenantStream('t-1'), added('u-1', 'technician'), '2026-02-02T10:00:00.000Z'))
      .then({
        't-1:u-1': {
          tenantId: 't-1',
          tenantName: null,
          userId: 'u-1',
          roleId: 'technician',
          roleName: null,
          joinedAt: '2026-02-02T10:00:00.000Z',
          joinedVia: 'admin',
          email: 'u-1@example.com',
          firstName: 'First u-1',
          lastName: 'Last u-1',
          signInMethod: 'password',
        },
      }));

  it('given MemberJoinedViaInviteLink, then the membership says it came through the invite link', () =>
    spec.given(on(userStream('u-2'), registered('u-2', 'microsoft')), on(tenantStream('t-1'), joined('u-2'))).then({
      't-1:u-2': {
        tenantId: 't-1',
        tenantName: null,
        userId: 'u-2',
        roleId: 'member',
        roleName: null,
        joinedAt: '2026-01-01T00:00:00.000Z',
        joinedVia: 'invite_link',
        email: 'u-2@example.com',
        firstName: 'First u-2',
        lastName: 'Last u-2',
        signInMethod: 'microsoft',
      },
    }));

  it('given a membership of a user the read models never saw, then it fails loudly rather than list a blank user', async () => {
    await expect(spec.given(on(tenantStream('t-1'), added('u-404'))).then({})).rejects.toThrow(
      'TenantMemberAdded at position 1: user u-404 is not in the read model',
    );
  });

  it("lists a tenant's users newest first, a page at a time, without skipping or repeating anyone", () =>
    spec
      .given(
        ...['u-1', 'u-2', 'u-3', 'u-4'].map((userId) => on(userStream(userId), registered(userId))),
        on(tenantStream('t-1'), added('u-1'), '2026-01-01T00:00:00.000Z'),
        on(tenantStream('t-1'), joined('u-3'), '2026-01-03T00:00:00.000Z'),
        on(tenantStream('t-1'), added('u-2'), '2026-01-03T00:00:00.000Z'),
        on(tenantStream('t-2'), added('u-4'), '2026-01-09T00:00:00.000Z'),
      )
      .thenQuery(async (store) => {
        const queries = membershipsReadModel.queries(store);
        const first = await queries.listTenantUsers('t-1', { limit: 2 });
        expect(first.items.map((user) => user.userId)).toEqual(['u-2', 'u-3']);
        expect(first.items[1]).toEqual({
          userId: 'u-3',
          email: 'u-3@example.com',
          firstName: 'First u-3',
          lastName: 'Last u-3',
          roleId: 'member',
          joinedAt: '2026-01-03T00:00:00.000Z',
          joinedVia: 'invite_link',
          signInMethod: 'password',
        });
        const second = await queries.listTenantUsers('t-1', { limit: 2, cursor: first.nextCursor! });
        expect(second).toEqual({ items: [expect.objectContaining({ userId: 'u-1' })], nextCursor: null });
        expect(await queries.membershipsOfUser('u-4')).toEqual([{ tenantId: 't-2', roleId: 'member' }]);
      }));

  it('refuses a page size out of range and a cursor it did not make', () =>
    spec.given().thenQuery(async (store) => {
      const queries = membershipsReadModel.queries(store);
      for (const limit of [0, MAX_PAGE_SIZE + 1, 1.5]) {
        await expect(queries.listTenantUsers('t-1', { limit })).rejects.toMatchObject({ code: 'invalid_limit' });
      }
      const refused = queries.listTenantUsers('t-1', { limit: 1, cursor: 'not-a-cursor' });
      await expect(refused).rejects.toBeInstanceOf(DomainError);
      await expect(refused).rejects.toMatchObject({ code: 'invalid_cursor' });
    }));
});
