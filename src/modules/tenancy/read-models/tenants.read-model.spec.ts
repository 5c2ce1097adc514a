import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { on, readModelSpec, SPEC_INSTANT } from '../../../shared/application/testing/read-model-spec';
import { MemberJoinedViaInviteLink } from '../../invite-links/domain/invite-link.events';
import { MspCreated, mspStream } from '../domain/msp.decider';
import { BUILT_IN_ROLES } from '../domain/roles';
import { TenantCanceled, TenantCreated, tenantStream } from '../domain/tenant.events';
import { mspsReadModel } from './msps.read-model';
import { tenantRolesReadModel } from './tenant-roles.read-model';
import { TenantDocument, tenantsReadModel } from './tenants.read-model';

// The msps and tenant roles read models run alongside, as in the composed projection: a tenant
// names its MSP and its link's default role.
const spec = readModelSpec(tenantsReadModel, () => new SqliteDocumentStore(':memory:'), [mspsReadModel, tenantRolesReadModel]);

const mspCreated = (mspId = 'msp-1', name = 'Northwind IT'): MspCreated => ({ type: 'MspCreated', data: { mspId, name } });
const created = (tenantId: string, mspId = 'msp-1', name = `Tenant ${tenantId}`): TenantCreated => ({
  type: 'TenantCreated',
  data: { tenantId, mspId, name, builtInRoles: [...BUILT_IN_ROLES] },
});
const canceled: TenantCanceled = { type: 'TenantCanceled', data: {} };
const joined = (userId: string): MemberJoinedViaInviteLink => ({
  type: 'MemberJoinedViaInviteLink',
  data: { userId, roleId: 'member', method: 'password', generation: 1 },
});

/** A tenant just created by msp-1 ("Northwind IT"), link off, nobody in it. */
const fresh = (id: string, overrides: Partial<TenantDocument> = {}): TenantDocument => ({
  id,
  mspId: 'msp-1',
  mspName: 'Northwind IT',
  name: `Tenant ${id}`,
  status: 'active',
  createdAt: SPEC_INSTANT,
  createdPosition: 2,
  ssoConfigured: false,
  linkEnabled: false,
  defaultRoleId: null,
  defaultRoleName: null,
  allowedDomains: [],
  requireEmailVerification: false,
  memberCount: 0,
  joinsViaLink: 0,
  lastJoinAt: null,
  ...overrides,
});

describe('tenants read model', () => {
  it('given TenantCreated, then an active tenant names its MSP and remembers when and at which position it was created', () =>
    spec
      .given(on(mspStream('msp-1'), mspCreated()), on(tenantStream('t-1'), created('t-1', 'msp-1', 'Contoso'), '2026-03-04T05:06:07.000Z'))
      .then({ 't-1': fresh('t-1', { name: 'Contoso', createdAt: '2026-03-04T05:06:07.000Z' }) }));

  it('given a tenant of an MSP the log never created, then the MSP name is null', () =>
    spec
      .given(on(tenantStream('t-1'), created('t-1', 'msp-404')))
      .then({ 't-1': fresh('t-1', { mspId: 'msp-404', mspName: null, createdPosition: 1 }) }));

  it('given TenantCanceled, then the tenant is canceled and keeps everything else', () =>
    spec
      .given(on(mspStream('msp-1'), mspCreated()), on(tenantStream('t-1'), created('t-1')), on(tenantStream('t-1'), canceled))
      .then({ 't-1': fresh('t-1', { status: 'canceled' }) }));

  it('given a TenantCanceled of a tenant it never saw, then no document appears', () =>
    spec.given(on(tenantStream('t-9'), canceled)).then({}));

  it('given changes of the invite link and SSO, then the summary follows them, with the default role named', () =>
    spec
      .given(
        on(mspStream('msp-1'), mspCreated()),
        on(tenantStream('t-1'), created('t-1')),
        on(tenantStream('t-1'), { type: 'TenantRoleCreated', data: { roleId: 'r-7', name: 'Helpdesk' } }),
        on(tenantStream('t-1'), { type: 'InviteLinkDefaultRoleChanged', data: { from: null, to: 'technician' } }),
        on(tenantStream('t-1'), { type: 'InviteLinkEnabled', data: { generation: 1, token: { hash: 'HASH-1', ciphertext: 'CIPHER-1' } } }),
        on(tenantStream('t-1'), { type: 'InviteLinkAllowedDomainsChanged', data: { added: ['a.example', 'b.example'], removed: [], domains: ['a.example', 'b.example'] } }),
        on(tenantStream('t-1'), { type: 'InviteLinkDefaultRoleChanged', data: { from: 'technician', to: 'r-7' } }),
        on(tenantStream('t-1'), { type: 'InviteLinkEmailVerificationSet', data: { requireEmailVerification: true } }),
        on(tenantStream('t-1'), { type: 'InviteLinkRegenerated', data: { generation: 2, token: { hash: 'HASH-2', ciphertext: 'CIPHER-2' } } }),
        on(tenantStream('t-1'), { type: 'TenantSsoConfigured', data: { protocol: 'saml', entityId: 'urn:x', ssoUrl: 'https://idp.example/x' } }),
        on(tenantStream('t-1'), { type: 'InviteLinkDisabled', data: { reason: 'sso_configured' } }),
        on(tenantStream('t-2'), created('t-2')),
        on(tenantStream('t-2'), { type: 'InviteLinkDefaultRoleChanged', data: { from: null, to: 'member' } }),
        on(tenantStream('t-2'), { type: 'InviteLinkEnabled', data: { generation: 1, token: { hash: 'HASH-3', ciphertext: 'CIPHER-3' } } }),
        on(tenantStream('t-2'), { type: 'TenantSsoConfigured', data: { protocol: 'saml', entityId: 'urn:y', ssoUrl: 'https://idp.example/y' } }),
        on(tenantStream('t-2'), { type: 'TenantSsoRemoved', data: {} }),
      )
      .then({
        // No token material: neither the hashes nor the ciphertexts above appear.
        't-1': fresh('t-1', {
          ssoConfigured: true,
          linkEnabled: false,
          defaultRoleId: 'r-7',
          defaultRoleName: 'Helpdesk',
          allowedDomains: ['a.example', 'b.example'],
          requireEmailVerification: true,
        }),
        't-2': fresh('t-2', { createdPosition: 12, linkEnabled: true, defaultRoleId: 'member', defaultRoleName: 'Member' }),
      }));

  it('given members added and joins through the link, then it counts both, the joins apart, and remembers the last join', () =>
    spec
      .given(
        on(mspStream('msp-1'), mspCreated()),
        on(tenantStream('t-1'), created('t-1')),
        on(tenantStream('t-1'), { type: 'TenantMemberAdded', data: { userId: 'u-1', roleId: 'member' } }),
        on(tenantStream('t-1'), joined('u-2'), '2026-02-01T10:00:00.000Z'),
        on(tenantStream('t-1'), joined('u-3'), '2026-02-03T10:00:00.000Z'),
        on(tenantStream('t-2'), created('t-2')),
      )
      .then({
        't-1': fresh('t-1', { memberCount: 3, joinsViaLink: 2, lastJoinAt: '2026-02-03T10:00:00.000Z' }),
        't-2': fresh('t-2', { createdPosition: 6 }),
      }));

  it('given events of other read models, then it writes nothing', () =>
    spec.given(on(tenantStream('t-1'), { type: 'TenantRoleCreated', data: { roleId: 'r', name: 'R' } })).then({}));

  it('lists the tenants of one MSP oldest first, whatever their creation instants say, with the fields it always listed', () =>
    spec
      .given(
        on(tenantStream('t-b'), created('t-b', 'msp-1', 'B'), '2026-05-01T00:00:00.000Z'),
        on(tenantStream('t-x'), created('t-x', 'msp-2', 'X')),
        on(tenantStream('t-a'), created('t-a', 'msp-1', 'A'), '2026-01-01T00:00:00.000Z'),
        on(tenantStream('t-b'), canceled),
      )
      .thenQuery(async (store) => {
        expect(await tenantsReadModel.queries(store).listTenantsOfMsp('msp-1')).toEqual([
          { id: 't-b', name: 'B', status: 'canceled' },
          { id: 't-a', name: 'A', status: 'active' },
        ]);
        expect(await tenantsReadModel.queries(store).listTenantsOfMsp('msp-3')).toEqual([]);
      }));
});
