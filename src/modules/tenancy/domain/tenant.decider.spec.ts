import { DomainError } from '../../../shared/domain/domain-error';
import { given } from '../../../shared/domain/testing/given-when-then';
import { BUILT_IN_ROLES } from './roles';
import {
  acceptsToken,
  CANCELED_UNAVAILABLE_MESSAGE,
  INVALID_LINK_MESSAGE,
  SSO_UNAVAILABLE_MESSAGE,
  SsoConfiguration,
  TenantCommand,
  tenantDecider,
  unavailableReason,
} from './tenant.decider';
import { InviteLinkDisabledReason, StoredInviteToken, TenantEvent } from './tenant.events';

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const TENANT = 'tenant-1';
const MSP = 'msp-1';

const tokenA: StoredInviteToken = { hash: 'hash-a', ciphertext: 'cipher-a' };
const tokenB: StoredInviteToken = { hash: 'hash-b', ciphertext: 'cipher-b' };
const tokenC: StoredInviteToken = { hash: 'hash-c', ciphertext: 'cipher-c' };
/** The token a command carries "just in case"; it must only be used for the first token. */
const unusedToken: StoredInviteToken = { hash: 'hash-unused', ciphertext: 'cipher-unused' };

const SSO: SsoConfiguration = { protocol: 'saml', entityId: 'https://idp.example.com/entity', ssoUrl: 'https://idp.example.com/sso' };
const OTHER_SSO: SsoConfiguration = { ...SSO, ssoUrl: 'https://idp.example.com/sso2' };

// Events
const created = (tenantId: string): TenantEvent => ({
  type: 'TenantCreated',
  data: { tenantId, mspId: MSP, name: 'Acme', builtInRoles: [...BUILT_IN_ROLES] },
});
const tenantCreated = created(TENANT);
const roleCreated = (roleId: string, name: string): TenantEvent => ({ type: 'TenantRoleCreated', data: { roleId, name } });
const roleChanged = (from: string | null, to: string): TenantEvent => ({
  type: 'InviteLinkDefaultRoleChanged',
  data: { from, to },
});
const linkEnabled = (generation: number, token?: StoredInviteToken): TenantEvent =>
  token ? { type: 'InviteLinkEnabled', data: { generation, token } } : { type: 'InviteLinkEnabled', data: { generation } };
const linkDisabled = (reason: InviteLinkDisabledReason = 'admin'): TenantEvent => ({
  type: 'InviteLinkDisabled',
  data: { reason },
});
const domainsChanged = (added: string[], removed: string[], domains: string[]): TenantEvent => ({
  type: 'InviteLinkAllowedDomainsChanged',
  data: { added, removed, domains },
});
const regenerated = (generation: number, token: StoredInviteToken): TenantEvent => ({
  type: 'InviteLinkRegenerated',
  data: { generation, token },
});
const ssoConfigured = (sso: SsoConfiguration = SSO): TenantEvent => ({ type: 'TenantSsoConfigured', data: { ...sso } });
const ssoRemoved: TenantEvent = { type: 'TenantSsoRemoved', data: {} };
const tenantCanceled: TenantEvent = { type: 'TenantCanceled', data: {} };
const memberAdded = (userId: string, roleId: string): TenantEvent => ({ type: 'TenantMemberAdded', data: { userId, roleId } });
const memberJoined = (
  userId: string,
  roleId: string,
  generation = 1,
  method: 'password' | 'microsoft' = 'password',
): TenantEvent => ({ type: 'MemberJoinedViaInviteLink', data: { userId, roleId, method, generation } });

// Commands
type UpdateInviteLink = Extract<TenantCommand, { type: 'UpdateInviteLink' }>;
const update = (fields: Omit<UpdateInviteLink, 'type' | 'newToken'>, newToken = tokenA): TenantCommand => ({
  type: 'UpdateInviteLink',
  newToken,
  ...fields,
});
const enable = (defaultRoleId?: string): TenantCommand =>
  update(defaultRoleId === undefined ? { enabled: true } : { enabled: true, defaultRoleId });
const disable: TenantCommand = update({ enabled: false });
const regenerate = (newToken: StoredInviteToken): TenantCommand => ({ type: 'RegenerateInviteLink', newToken });
const join = (
  tokenHash: string,
  email = 'new.user@acme.com',
  userId = 'user-new',
  method: 'password' | 'microsoft' = 'password',
): TenantCommand => ({ type: 'JoinViaInviteLink', userId, tokenHash, email, method });

// Histories
/** A tenant whose link is live with the built-in role `member` and token A. */
const liveLink: TenantEvent[] = [tenantCreated, roleChanged(null, 'member'), linkEnabled(1, tokenA)];
const withDomains = (...domains: string[]): TenantEvent[] => [
  ...liveLink,
  domainsChanged([...domains].sort(), [], [...domains].sort()),
];

const stateOf = (...events: TenantEvent[]) => given(tenantDecider, ...events).state;

// ---------------------------------------------------------------------------------------------

describe('tenant decider', () => {
  describe('tenant directory', () => {
    it('creates a tenant with its built-in roles (at least 3)', () => {
      const state = given(tenantDecider)
        .when({ type: 'CreateTenant', tenantId: TENANT, mspId: MSP, name: 'Acme' })
        .then([tenantCreated]);
      expect(state).toMatchObject({ exists: true, tenantId: TENANT, mspId: MSP, name: 'Acme', canceled: false, sso: null });
      expect(state.roles.length).toBeGreaterThanOrEqual(3);
      expect(state.roles.every((role) => role.builtIn)).toBe(true);
      expect(state.inviteLink).toEqual({
        enabled: false,
        defaultRoleId: null,
        allowedDomains: [],
        allowedMicrosoftTenantIds: [],
        token: null,
        generation: 0,
      });
    });

    it('refuses to create the same tenant twice', () => {
      given(tenantDecider, tenantCreated)
        .when({ type: 'CreateTenant', tenantId: TENANT, mspId: MSP, name: 'Acme' })
        .thenThrows('conflict', 'tenant_exists');
    });

    it.each<[string, TenantCommand]>([
      ['CreateRole', { type: 'CreateRole', roleId: 'r1', name: 'Sales' }],
      ['ConfigureSso', { type: 'ConfigureSso', sso: SSO }],
      ['RemoveSso', { type: 'RemoveSso' }],
      ['CancelTenant', { type: 'CancelTenant' }],
      ['AddMember', { type: 'AddMember', userId: 'u1', roleId: 'member' }],
      ['UpdateInviteLink', enable('member')],
      ['RegenerateInviteLink', regenerate(tokenB)],
    ])('%s on a tenant that does not exist is 404 tenant_not_found', (_name, command) => {
      given(tenantDecider).when(command).thenThrows('not_found', 'tenant_not_found');
    });

    it('creates a custom role with a trimmed name', () => {
      const state = given(tenantDecider, tenantCreated)
        .when({ type: 'CreateRole', roleId: 'role-sales', name: '  Sales  ' })
        .then([roleCreated('role-sales', 'Sales')]);
      expect(state.roles).toContainEqual({ id: 'role-sales', name: 'Sales', builtIn: false });
    });

    describe('role names are unique per tenant, case-insensitively', () => {
      it('refuses a custom role named like a built-in role', () => {
        given(tenantDecider, tenantCreated)
          .when({ type: 'CreateRole', roleId: 'role-x', name: 'MEMBER' })
          .thenThrows('conflict', 'role_name_taken', 'MEMBER');
      });

      it('refuses a second custom role with the same name in another case and with spaces', () => {
        given(tenantDecider, tenantCreated, roleCreated('role-sales', 'Sales'))
          .when({ type: 'CreateRole', roleId: 'role-sales-2', name: '  sALES ' })
          .thenThrows('conflict', 'role_name_taken');
      });

      it('accepts a different name', () => {
        given(tenantDecider, tenantCreated, roleCreated('role-sales', 'Sales'))
          .when({ type: 'CreateRole', roleId: 'role-support', name: 'Support' })
          .then([roleCreated('role-support', 'Support')]);
      });

      it('is per tenant: another tenant may use the same name (each tenant is its own stream)', () => {
        given(tenantDecider, created('tenant-2'))
          .when({ type: 'CreateRole', roleId: 'role-sales', name: 'Sales' })
          .then([roleCreated('role-sales', 'Sales')]);
      });
    });

    describe('AddMember ("Add Users")', () => {
      it('adds a member with a built-in role', () => {
        const state = given(tenantDecider, tenantCreated)
          .when({ type: 'AddMember', userId: 'u1', roleId: 'technician' })
          .then([memberAdded('u1', 'technician')]);
        expect(state.memberCount).toBe(1);
      });

      it('adds a member with a custom role', () => {
        given(tenantDecider, tenantCreated, roleCreated('role-sales', 'Sales'))
          .when({ type: 'AddMember', userId: 'u1', roleId: 'role-sales' })
          .then([memberAdded('u1', 'role-sales')]);
      });

      it('refuses an unknown role with 422 naming roleId', () => {
        const error = given(tenantDecider, tenantCreated)
          .when({ type: 'AddMember', userId: 'u1', roleId: 'root' })
          .thenThrows('validation', 'unknown_role', 'roleId');
        expect(error.message).toContain('root');
        expect(error.details).toEqual({ field: 'roleId' });
      });
    });
  });

  describe('R2: enabling requires a default role (built-in or custom)', () => {
    it('refuses to enable without a default role (422 naming defaultRoleId)', () => {
      const error = given(tenantDecider, tenantCreated)
        .when(enable())
        .thenThrows('validation', 'default_role_required', 'defaultRoleId');
      expect(error.details).toEqual({ field: 'defaultRoleId' });
    });

    it.each(BUILT_IN_ROLES.map((role) => role.id))('accepts the built-in role %s chosen in the same request', (roleId) => {
      const state = given(tenantDecider, tenantCreated)
        .when(enable(roleId))
        .then([roleChanged(null, roleId), linkEnabled(1, tokenA)]);
      expect(state.inviteLink).toMatchObject({ enabled: true, defaultRoleId: roleId, token: tokenA, generation: 1 });
    });

    it('accepts a custom role', () => {
      given(tenantDecider, tenantCreated, roleCreated('role-sales', 'Sales'))
        .when(enable('role-sales'))
        .then([roleChanged(null, 'role-sales'), linkEnabled(1, tokenA)]);
    });

    it('accepts a default role chosen by an earlier request', () => {
      given(tenantDecider, tenantCreated, roleChanged(null, 'technician'))
        .when(enable())
        .then([linkEnabled(1, tokenA)]);
    });

    it('refuses an unknown role with 422 naming defaultRoleId and the role', () => {
      const error = given(tenantDecider, tenantCreated)
        .when(enable('role-of-another-tenant'))
        .thenThrows('validation', 'unknown_role', 'defaultRoleId');
      expect(error.message).toContain('role-of-another-tenant');
      expect(error.details).toEqual({ field: 'defaultRoleId' });
    });

    it('refuses an unknown role even without enabling', () => {
      given(tenantDecider, ...liveLink)
        .when(update({ defaultRoleId: 'nope' }))
        .thenThrows('validation', 'unknown_role', 'defaultRoleId');
    });

    it('applies nothing when one part of the request is invalid (valid role, invalid domains)', () => {
      given(tenantDecider, tenantCreated)
        .when(update({ enabled: true, defaultRoleId: 'member', allowedDomains: 'acme.com, localhost' }))
        .thenThrows('validation', 'invalid_domains', 'localhost');
    });
  });

  describe('R3: allowed domains input', () => {
    const setDomains = (allowedDomains: string | string[]) => given(tenantDecider, ...liveLink).when(update({ allowedDomains }));

    it('accepts one string with commas and/or newlines, trims, lower-cases, drops a leading @ and converts IDN', () => {
      const domains = ['acme.com', 'example.org', 'sub.example.net', 'xn--bcher-kva.de'];
      const state = setDomains(' Acme.COM ,\n@Example.org\r\n\n sub.example.net,, bücher.de ,').then([domainsChanged(domains, [], domains)]);
      expect(state.inviteLink.allowedDomains).toEqual(domains);
    });

    it('accepts a JSON array with the same normalization', () => {
      const domains = ['acme.com', 'example.org', 'xn--bcher-kva.de'];
      setDomains(['  ACME.com', '@example.ORG', 'Bücher.de']).then([domainsChanged(domains, [], domains)]);
    });

    it("converts 'bücher.de' to 'xn--bcher-kva.de'", () => {
      setDomains('bücher.de').then([domainsChanged(['xn--bcher-kva.de'], [], ['xn--bcher-kva.de'])]);
    });

    it('merges duplicates, including case, @ and unicode/punycode variants', () => {
      const domains = ['acme.com', 'xn--bcher-kva.de'];
      setDomains(['acme.com', 'ACME.com', '@acme.com', ' acme.com ', 'bücher.de', 'xn--bcher-kva.de']).then([
        domainsChanged(domains, [], domains),
      ]);
    });

    it('rejects an entry without a dot', () => {
      setDomains('acme.com\nlocalhost').thenThrows('validation', 'invalid_domains', 'localhost');
    });

    it('names every invalid entry in the error', () => {
      const invalid = ['localhost', 'bad_domain.com', '-dash.com', 'a..b', 'http://acme.com', 'user@acme.com', '*.acme.com'];
      const error = setDomains(['ok.com', ...invalid]).thenThrows('validation', 'invalid_domains', 'allowedDomains');
      for (const entry of invalid) expect(error.message).toContain(entry);
      expect(error.message).not.toContain('ok.com,');
      expect(error.details).toEqual({ field: 'allowedDomains', invalid });
    });

    const many = (count: number) => Array.from({ length: count }, (_, i) => `d${String(i).padStart(2, '0')}.example.com`);

    it('accepts 50 domains', () => {
      const state = setDomains(many(50)).then([domainsChanged(many(50), [], many(50))]);
      expect(state.inviteLink.allowedDomains).toHaveLength(50);
    });

    it('rejects 51 domains with 422', () => {
      setDomains(many(51).join('\n')).thenThrows('validation', 'too_many_domains', '50');
    });

    it('counts after merging: 51 entries with one duplicate are 50 domains and accepted', () => {
      setDomains([...many(50), 'D00.Example.com']).then([domainsChanged(many(50), [], many(50))]);
    });

    it.each<[string, string | string[]]>([
      ['an empty string', ''],
      ['an empty array', []],
      ['separators and blanks only', ' ,\n , '],
    ])('%s means any domain (clears the list)', (_name, input) => {
      const state = given(tenantDecider, ...withDomains('acme.com', 'example.org'))
        .when(update({ allowedDomains: input }))
        .then([domainsChanged([], ['acme.com', 'example.org'], [])]);
      expect(state.inviteLink.allowedDomains).toEqual([]);
      given(tenantDecider, ...withDomains('acme.com', 'example.org'), domainsChanged([], ['acme.com', 'example.org'], []))
        .when(join('hash-a', 'someone@anywhere.io'))
        .then([memberJoined('user-new', 'member')]);
    });
  });

  describe('R5: changing the default role keeps the link', () => {
    it('records from/to and keeps token, generation and enabled state', () => {
      const before = stateOf(...liveLink);
      const state = given(tenantDecider, ...liveLink)
        .when(update({ defaultRoleId: 'technician' }))
        .then([roleChanged('member', 'technician')]);
      expect(state.inviteLink).toEqual({ ...before.inviteLink, defaultRoleId: 'technician' });
      expect(acceptsToken(state, tokenA.hash)).toBe(true);
    });

    it('only future signups get the new role; existing members are not touched', () => {
      const history = [...liveLink, memberJoined('early-bird', 'member')];
      given(tenantDecider, ...history)
        .when(update({ defaultRoleId: 'technician' }))
        .then([roleChanged('member', 'technician')]);
      given(tenantDecider, ...history, roleChanged('member', 'technician'))
        .when(join(tokenA.hash))
        .then([memberJoined('user-new', 'technician')]);
    });

    it('can be changed while the link is disabled', () => {
      given(tenantDecider, ...liveLink, linkDisabled())
        .when(update({ defaultRoleId: 'read_only' }))
        .then([roleChanged('member', 'read_only')]);
    });
  });

  describe('R6: changing allowed domains keeps the link', () => {
    it('records added, removed and the resulting domains, and keeps the token', () => {
      const state = given(tenantDecider, ...withDomains('a.com', 'b.com'))
        .when(update({ allowedDomains: 'b.com, c.com' }))
        .then([domainsChanged(['c.com'], ['a.com'], ['b.com', 'c.com'])]);
      expect(state.inviteLink).toMatchObject({ enabled: true, token: tokenA, generation: 1 });
    });

    it('applies to the next signup', () => {
      const history = [...withDomains('a.com', 'b.com'), domainsChanged(['c.com'], ['a.com'], ['b.com', 'c.com'])];
      given(tenantDecider, ...history).when(join(tokenA.hash, 'x@a.com')).thenThrows('forbidden', 'email_domain_not_allowed');
      given(tenantDecider, ...history).when(join(tokenA.hash, 'x@c.com')).then([memberJoined('user-new', 'member')]);
    });
  });

  describe('R7: disable and re-enable', () => {
    it('disabling stops the link at once', () => {
      const state = given(tenantDecider, ...liveLink).when(disable).then([linkDisabled('admin')]);
      expect(acceptsToken(state, tokenA.hash)).toBe(false);
    });

    it('re-enabling issues no new token and keeps the generation (same URL)', () => {
      const state = given(tenantDecider, ...liveLink, linkDisabled())
        .when(update({ enabled: true }, unusedToken))
        .then([linkEnabled(1)]);
      expect(state.inviteLink).toMatchObject({ enabled: true, token: tokenA, generation: 1 });
      expect(acceptsToken(state, tokenA.hash)).toBe(true);
      expect(acceptsToken(state, unusedToken.hash)).toBe(false);
    });

    it('enabling a never-enabled link issues the token from the command as generation 1', () => {
      const state = given(tenantDecider, tenantCreated, roleChanged(null, 'member'))
        .when(update({ enabled: true }, tokenC))
        .then([linkEnabled(1, tokenC)]);
      expect(state.inviteLink).toMatchObject({ enabled: true, token: tokenC, generation: 1 });
    });

    it('disabling a disabled link and enabling an enabled link change nothing', () => {
      given(tenantDecider, ...liveLink, linkDisabled()).when(disable).then([]);
      given(tenantDecider, ...liveLink).when(update({ enabled: true }, unusedToken)).then([]);
    });
  });

  describe('R8: revoke & regenerate', () => {
    it('issues a new token with generation + 1 and keeps the link enabled', () => {
      const state = given(tenantDecider, ...liveLink).when(regenerate(tokenB)).then([regenerated(2, tokenB)]);
      expect(state.inviteLink).toMatchObject({ enabled: true, token: tokenB, generation: 2, defaultRoleId: 'member' });
      expect(acceptsToken(state, tokenA.hash)).toBe(false);
      expect(acceptsToken(state, tokenB.hash)).toBe(true);
    });

    it('keeps a disabled link disabled, and re-enabling then uses the new token', () => {
      const history = [...liveLink, linkDisabled()];
      const state = given(tenantDecider, ...history).when(regenerate(tokenB)).then([regenerated(2, tokenB)]);
      expect(state.inviteLink.enabled).toBe(false);
      expect(acceptsToken(state, tokenB.hash)).toBe(false);

      const reenabled = given(tenantDecider, ...history, regenerated(2, tokenB))
        .when(update({ enabled: true }, unusedToken))
        .then([linkEnabled(2)]);
      expect(acceptsToken(reenabled, tokenB.hash)).toBe(true);
      expect(acceptsToken(reenabled, tokenA.hash)).toBe(false);
    });

    it('retires every old token forever', () => {
      const history = [...liveLink, regenerated(2, tokenB)];
      const state = given(tenantDecider, ...history).when(regenerate(tokenC)).then([regenerated(3, tokenC)]);
      expect(acceptsToken(state, tokenA.hash)).toBe(false);
      expect(acceptsToken(state, tokenB.hash)).toBe(false);
      expect(acceptsToken(state, tokenC.hash)).toBe(true);
      // Disabling and re-enabling never brings an old token back.
      const again = stateOf(...history, regenerated(3, tokenC), linkDisabled(), linkEnabled(3));
      expect(acceptsToken(again, tokenA.hash)).toBe(false);
      expect(acceptsToken(again, tokenB.hash)).toBe(false);
      expect(acceptsToken(again, tokenC.hash)).toBe(true);
    });
  });

  describe('R9: SSO excludes the invite link', () => {
    it(`refuses enabling with 409 and exactly "${SSO_UNAVAILABLE_MESSAGE}"`, () => {
      const error = given(tenantDecider, tenantCreated, roleChanged(null, 'member'), ssoConfigured())
        .when(enable())
        .thenThrows('conflict', 'sso_configured');
      expect(error.message).toBe('Not available - SSO is configured for this tenant.');
      expect(SSO_UNAVAILABLE_MESSAGE).toBe('Not available - SSO is configured for this tenant.');
    });

    it('answers with the SSO message, not a missing-role error, when no role is chosen either', () => {
      given(tenantDecider, tenantCreated, ssoConfigured())
        .when(enable())
        .thenThrows('conflict', 'sso_configured', SSO_UNAVAILABLE_MESSAGE);
    });

    it('refuses re-enabling a link that SSO disabled', () => {
      given(tenantDecider, ...liveLink, ssoConfigured(), linkDisabled('sso_configured'))
        .when(enable('member'))
        .thenThrows('conflict', 'sso_configured', SSO_UNAVAILABLE_MESSAGE);
    });

    it('configuring SSO on an enabled link disables it in the same decision (reason sso_configured)', () => {
      const state = given(tenantDecider, ...liveLink)
        .when({ type: 'ConfigureSso', sso: SSO })
        .then([ssoConfigured(), linkDisabled('sso_configured')]);
      expect(state.sso).toEqual(SSO);
      expect(state.inviteLink.enabled).toBe(false);
      expect(acceptsToken(state, tokenA.hash)).toBe(false);
      expect(unavailableReason(state)).toBe(SSO_UNAVAILABLE_MESSAGE);
    });

    it('configuring SSO on a disabled link records only the SSO configuration', () => {
      given(tenantDecider, ...liveLink, linkDisabled()).when({ type: 'ConfigureSso', sso: SSO }).then([ssoConfigured()]);
    });

    it('removing SSO does not re-enable the link', () => {
      const history = [...liveLink, ssoConfigured(), linkDisabled('sso_configured')];
      const state = given(tenantDecider, ...history).when({ type: 'RemoveSso' }).then([ssoRemoved]);
      expect(state.sso).toBeNull();
      expect(state.inviteLink.enabled).toBe(false);
      expect(acceptsToken(state, tokenA.hash)).toBe(false);
      expect(unavailableReason(state)).toBeNull();
      // The admin may enable it again afterwards: same token, same generation (R7).
      given(tenantDecider, ...history, ssoRemoved).when(update({ enabled: true }, unusedToken)).then([linkEnabled(1)]);
    });

    it('configuring the identical SSO twice is a no-op', () => {
      given(tenantDecider, ...liveLink, ssoConfigured(), linkDisabled('sso_configured'))
        .when({ type: 'ConfigureSso', sso: { ...SSO } })
        .then([]);
    });

    it('configuring a different SSO is recorded', () => {
      given(tenantDecider, ...liveLink, ssoConfigured(), linkDisabled('sso_configured'))
        .when({ type: 'ConfigureSso', sso: OTHER_SSO })
        .then([ssoConfigured(OTHER_SSO)]);
    });

    it('removing SSO when none is configured is a no-op', () => {
      given(tenantDecider, ...liveLink).when({ type: 'RemoveSso' }).then([]);
    });

    it('an SSO tenant never accepts a token, even if regenerated', () => {
      const history = [...liveLink, ssoConfigured(), linkDisabled('sso_configured')];
      const state = given(tenantDecider, ...history).when(regenerate(tokenB)).then([regenerated(2, tokenB)]);
      expect(acceptsToken(state, tokenB.hash)).toBe(false);
    });
  });

  describe('R10: a canceled tenant', () => {
    it('cancelation disables an enabled link (reason tenant_canceled)', () => {
      const state = given(tenantDecider, ...liveLink)
        .when({ type: 'CancelTenant' })
        .then([tenantCanceled, linkDisabled('tenant_canceled')]);
      expect(state.canceled).toBe(true);
      expect(state.inviteLink.enabled).toBe(false);
      expect(unavailableReason(state)).toBe(CANCELED_UNAVAILABLE_MESSAGE);
    });

    it('cancelation with a disabled link records only the cancelation', () => {
      given(tenantDecider, ...liveLink, linkDisabled()).when({ type: 'CancelTenant' }).then([tenantCanceled]);
    });

    const canceledTenant = [...liveLink, tenantCanceled, linkDisabled('tenant_canceled')];

    it.each<[string, TenantCommand]>([
      ['CreateRole', { type: 'CreateRole', roleId: 'r1', name: 'Sales' }],
      ['ConfigureSso', { type: 'ConfigureSso', sso: SSO }],
      ['RemoveSso', { type: 'RemoveSso' }],
      ['CancelTenant', { type: 'CancelTenant' }],
      ['AddMember', { type: 'AddMember', userId: 'u1', roleId: 'member' }],
      ['UpdateInviteLink (enable)', enable('member')],
      ['UpdateInviteLink (disable)', disable],
      ['UpdateInviteLink (role)', update({ defaultRoleId: 'technician' })],
      ['UpdateInviteLink (domains)', update({ allowedDomains: 'acme.com' })],
      ['UpdateInviteLink (no change)', update({})],
      ['RegenerateInviteLink', regenerate(tokenB)],
    ])('%s afterwards is 409 tenant_canceled', (_name, command) => {
      given(tenantDecider, ...canceledTenant).when(command).thenThrows('conflict', 'tenant_canceled');
    });

    it("a canceled tenant's link never accepts a token", () => {
      const state = stateOf(...canceledTenant);
      expect(acceptsToken(state, tokenA.hash)).toBe(false);
      given(tenantDecider, ...canceledTenant).when(join(tokenA.hash)).thenThrows('not_found', 'invalid_invite_link');
    });

    it('not even when a replayed history shows the link enabled after the cancelation', () => {
      const state = stateOf(tenantCreated, roleChanged(null, 'member'), tenantCanceled, linkEnabled(1, tokenA));
      expect(state.inviteLink.enabled).toBe(true);
      expect(acceptsToken(state, tokenA.hash)).toBe(false);
    });

    it('a canceled SSO tenant reports the cancelation as the reason', () => {
      expect(unavailableReason(stateOf(...canceledTenant, ssoConfigured()))).toBe(CANCELED_UNAVAILABLE_MESSAGE);
    });
  });

  describe('R16/R17/R22: joining via the invite link', () => {
    it('a valid token joins with the current default role and records method and generation', () => {
      const state = given(tenantDecider, ...liveLink)
        .when(join(tokenA.hash, 'new.user@acme.com', 'user-42'))
        .then([memberJoined('user-42', 'member', 1, 'password')]);
      expect(state.memberCount).toBe(1);
    });

    it('records the microsoft method', () => {
      given(tenantDecider, ...liveLink)
        .when(join(tokenA.hash, 'new.user@acme.com', 'user-42', 'microsoft'))
        .then([memberJoined('user-42', 'member', 1, 'microsoft')]);
    });

    it('uses the role that is the default at that moment (custom role)', () => {
      given(tenantDecider, ...liveLink, roleCreated('role-sales', 'Sales'), roleChanged('member', 'role-sales'))
        .when(join(tokenA.hash))
        .then([memberJoined('user-new', 'role-sales')]);
    });

    it('joins with the regenerated token and records its generation', () => {
      given(tenantDecider, ...liveLink, regenerated(2, tokenB))
        .when(join(tokenB.hash))
        .then([memberJoined('user-new', 'member', 2)]);
    });

    it('R17: unlimited signups per link', () => {
      const history = [...liveLink];
      for (let i = 0; i < 25; i++) history.push(memberJoined(`user-${i}`, 'member'));
      const state = given(tenantDecider, ...history).when(join(tokenA.hash, 'x@acme.com', 'user-25')).then([
        memberJoined('user-25', 'member'),
      ]);
      expect(state.memberCount).toBe(26);
    });

    const refusals: Array<[string, TenantEvent[], string]> = [
      ['disabled', [...liveLink, linkDisabled()], tokenA.hash],
      ['regenerated away (old token)', [...liveLink, regenerated(2, tokenB)], tokenA.hash],
      ['regenerated away while disabled, then re-enabled', [...liveLink, linkDisabled(), regenerated(2, tokenB), linkEnabled(2)], tokenA.hash],
      ['SSO configured', [...liveLink, ssoConfigured(), linkDisabled('sso_configured')], tokenA.hash],
      ['SSO configured then removed (not re-enabled)', [...liveLink, ssoConfigured(), linkDisabled('sso_configured'), ssoRemoved], tokenA.hash],
      ['tenant canceled', [...liveLink, tenantCanceled, linkDisabled('tenant_canceled')], tokenA.hash],
      ['unknown hash', liveLink, 'hash-never-issued'],
      ['empty hash', liveLink, ''],
      ['never enabled', [tenantCreated, roleChanged(null, 'member')], tokenA.hash],
      ['regenerated but never enabled', [tenantCreated, roleChanged(null, 'member'), regenerated(1, tokenA)], tokenA.hash],
      ['tenant does not exist', [], tokenA.hash],
    ];

    it.each(refusals)('%s → 404 with the exact R16 message', (_name, history, tokenHash) => {
      const error = given(tenantDecider, ...history).when(join(tokenHash)).thenThrows('not_found', 'invalid_invite_link');
      expect(error.message).toBe(
        'This invite link is not valid or has been deactivated. Please contact your administrator.',
      );
      expect(error.message).toBe(INVALID_LINK_MESSAGE);
      expect(error.details).toBeUndefined();
    });

    it('nothing distinguishes the refusals from one another', () => {
      const errors = refusals.map(([, history, tokenHash]) => {
        const error = given(tenantDecider, ...history).when(join(tokenHash)).thenThrows('not_found', 'invalid_invite_link');
        return { name: error.name, kind: error.kind, code: error.code, message: error.message, details: error.details };
      });
      for (const error of errors) expect(error).toEqual(errors[0]);
    });

    it('checks the link before the email domain (does not reveal the allow-list of a dead link)', () => {
      given(tenantDecider, ...withDomains('acme.com'), linkDisabled())
        .when(join(tokenA.hash, 'x@not-acme.com'))
        .thenThrows('not_found', 'invalid_invite_link');
    });

    it('R22: a join decided after a disable/regenerate/SSO/cancel fails with the old token', () => {
      for (const revocation of [linkDisabled(), regenerated(2, tokenB), ssoConfigured(), tenantCanceled]) {
        given(tenantDecider, ...liveLink, revocation)
          .when(join(tokenA.hash))
          .thenThrows('not_found', 'invalid_invite_link', INVALID_LINK_MESSAGE);
      }
    });
  });

  describe('R12: email domain allow-list at signup', () => {
    it('accepts an exactly matching domain', () => {
      given(tenantDecider, ...withDomains('acme.com', 'example.org'))
        .when(join(tokenA.hash, 'bob@example.org'))
        .then([memberJoined('user-new', 'member')]);
    });

    it('refuses a non-matching domain with 403 email_domain_not_allowed', () => {
      const error = given(tenantDecider, ...withDomains('acme.com'))
        .when(join(tokenA.hash, 'bob@gmail.com'))
        .thenThrows('forbidden', 'email_domain_not_allowed');
      expect(error).toBeInstanceOf(DomainError);
    });

    it('refuses a subdomain unless it is listed', () => {
      given(tenantDecider, ...withDomains('acme.com'))
        .when(join(tokenA.hash, 'bob@eu.acme.com'))
        .thenThrows('forbidden', 'email_domain_not_allowed');
      given(tenantDecider, ...withDomains('acme.com', 'eu.acme.com'))
        .when(join(tokenA.hash, 'bob@eu.acme.com'))
        .then([memberJoined('user-new', 'member')]);
    });

    it('refuses the parent domain when only a subdomain is listed', () => {
      given(tenantDecider, ...withDomains('eu.acme.com'))
        .when(join(tokenA.hash, 'bob@acme.com'))
        .thenThrows('forbidden', 'email_domain_not_allowed');
    });

    it.each(['bob@evilacme.com', 'bob@acme.com.evil.io', 'bob@acme.co', 'acme.com@evil.io', 'bob', 'bob@'])(
      'refuses look-alikes and non-addresses: %s',
      (email) => {
        given(tenantDecider, ...withDomains('acme.com')).when(join(tokenA.hash, email)).thenThrows('forbidden', 'email_domain_not_allowed');
      },
    );

    it('compares the email domain case-insensitively', () => {
      given(tenantDecider, ...withDomains('acme.com'))
        .when(join(tokenA.hash, 'Bob@ACME.Com'))
        .then([memberJoined('user-new', 'member')]);
    });

    it('compares IDN email domains in punycode form', () => {
      given(tenantDecider, ...withDomains('xn--bcher-kva.de'))
        .when(join(tokenA.hash, 'anna@Bücher.de'))
        .then([memberJoined('user-new', 'member')]);
    });

    it('without an allow-list any domain may join', () => {
      given(tenantDecider, ...liveLink).when(join(tokenA.hash, 'anyone@gmail.com')).then([memberJoined('user-new', 'member')]);
    });
  });

  describe('PUT idempotency', () => {
    const configured = [...withDomains('acme.com', 'xn--bcher-kva.de')];

    it('repeating the current settings emits no events', () => {
      given(tenantDecider, ...configured)
        .when(update({ enabled: true, defaultRoleId: 'member', allowedDomains: ['xn--bcher-kva.de', 'acme.com'] }, unusedToken))
        .then([]);
    });

    it('the same domains in another order, case or spelling are no change', () => {
      given(tenantDecider, ...configured).when(update({ allowedDomains: '@ACME.com\nBücher.de, acme.com' })).then([]);
    });

    it('an empty request changes nothing', () => {
      given(tenantDecider, ...configured).when(update({})).then([]);
      given(tenantDecider, tenantCreated).when(update({})).then([]);
    });

    it('a disabled link asked to be disabled with its current settings changes nothing', () => {
      given(tenantDecider, ...configured, linkDisabled())
        .when(update({ enabled: false, defaultRoleId: 'member', allowedDomains: 'acme.com,bücher.de' }))
        .then([]);
    });

    it('a request changing everything emits role, domains and enable events in one decision', () => {
      given(tenantDecider, tenantCreated, roleCreated('role-sales', 'Sales'))
        .when(update({ enabled: true, defaultRoleId: 'role-sales', allowedDomains: 'acme.com' }, tokenC))
        .then([roleChanged(null, 'role-sales'), domainsChanged(['acme.com'], [], ['acme.com']), linkEnabled(1, tokenC)]);
    });

    it('replaying the decided events reproduces the settings (evolve ∘ decide)', () => {
      const state = given(tenantDecider, tenantCreated)
        .when(update({ enabled: true, defaultRoleId: 'technician', allowedDomains: ['b.com', 'a.com'] }, tokenC))
        .then([roleChanged(null, 'technician'), domainsChanged(['a.com', 'b.com'], [], ['a.com', 'b.com']), linkEnabled(1, tokenC)]);
      expect(state.inviteLink).toEqual({
        enabled: true,
        defaultRoleId: 'technician',
        allowedDomains: ['a.com', 'b.com'],
        allowedMicrosoftTenantIds: [],
        token: tokenC,
        generation: 1,
      });
    });
  });
  describe('allowed Microsoft tenants (docs/http-api.md, Microsoft sign-in, issue 5)', () => {
    const CONTOSO = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const FABRIKAM = '9188040d-6c67-4c5b-b112-36a304b66dad';
    const tenantsChanged = (added: string[], removed: string[], tenantIds: string[]): TenantEvent => ({
      type: 'InviteLinkMicrosoftTenantsChanged',
      data: { added, removed, tenantIds },
    });
    const microsoftJoin = (tid: string | undefined): TenantCommand => ({
      type: 'JoinViaInviteLink',
      userId: 'user-new',
      tokenHash: tokenA.hash,
      email: 'new.user@acme.com',
      method: 'microsoft',
      microsoftTenantId: tid,
    });
    const restricted = [...liveLink, tenantsChanged([CONTOSO], [], [CONTOSO])];

    it('records what was added and removed, normalized; nothing when unchanged', () => {
      const state = given(tenantDecider, ...liveLink)
        .when(update({ allowedMicrosoftTenantIds: [FABRIKAM, CONTOSO.toUpperCase()] }))
        .then([tenantsChanged([CONTOSO, FABRIKAM], [], [CONTOSO, FABRIKAM])]);
      expect(state.inviteLink.allowedMicrosoftTenantIds).toEqual([CONTOSO, FABRIKAM]);
      given(tenantDecider, ...restricted)
        .when(update({ allowedMicrosoftTenantIds: `${FABRIKAM}` }))
        .then([tenantsChanged([FABRIKAM], [CONTOSO], [FABRIKAM])]);
      given(tenantDecider, ...restricted).when(update({ allowedMicrosoftTenantIds: [CONTOSO] })).then([]);
    });

    it('refuses entries that are not tenant ids (422 naming them) and more than 50', () => {
      const error = given(tenantDecider, ...liveLink)
        .when(update({ allowedMicrosoftTenantIds: [CONTOSO, 'contoso.com'] }))
        .thenThrows('validation', 'invalid_microsoft_tenant_ids');
      expect(error.message).toContain('contoso.com');
      const many = Array.from({ length: 51 }, (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
      given(tenantDecider, ...liveLink)
        .when(update({ allowedMicrosoftTenantIds: many }))
        .thenThrows('validation', 'too_many_microsoft_tenant_ids');
    });

    it('lets only the listed tenants join with Microsoft, decided at the join itself', () => {
      given(tenantDecider, ...restricted)
        .when(microsoftJoin(CONTOSO.toUpperCase()))
        .then([memberJoined('user-new', 'member', 1, 'microsoft')]);
      given(tenantDecider, ...restricted).when(microsoftJoin(FABRIKAM)).thenThrows('forbidden', 'microsoft_tenant_not_allowed');
      given(tenantDecider, ...restricted).when(microsoftJoin(undefined)).thenThrows('forbidden', 'microsoft_tenant_not_allowed');
      // No list: any Microsoft tenant; passwords never depend on it.
      given(tenantDecider, ...liveLink).when(microsoftJoin(FABRIKAM)).then([memberJoined('user-new', 'member', 1, 'microsoft')]);
      given(tenantDecider, ...restricted).when(join(tokenA.hash)).then([memberJoined('user-new', 'member')]);
    });
  });
});
