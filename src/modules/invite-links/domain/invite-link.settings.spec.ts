import { given } from '../../../shared/domain/testing/given-when-then';
import { BUILT_IN_ROLES } from '../../tenancy/domain/roles';
import { tenantDecider } from '../../tenancy/domain/tenant.decider';
import { acceptsToken } from './invite-link.availability';
import {
  disable,
  domainsChanged,
  emailVerificationSet,
  enable,
  join,
  linkDisabled,
  linkEnabled,
  liveLink,
  memberJoined,
  microsoftTenantsChanged,
  regenerated,
  roleChanged,
  roleCreated,
  ssoConfigured,
  stateOf,
  tenantCanceled,
  tenantCreated,
  tokenA,
  tokenB,
  tokenC,
  unusedToken,
  update,
  withDomains,
} from '../../tenancy/domain/testing/tenant-stream.fixtures';

/*
 * The admin's settings change (invite-link.settings.ts): R2, R3, R5, R6, R7, the allowed
 * Microsoft organizations and email verification, decided by the tenant decider on the tenant stream.
 */

const CONTOSO = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const FABRIKAM = '9188040d-6c67-4c5b-b112-36a304b66dad';
/** A live link limited to the Microsoft organization Contoso. */
const restricted = [...liveLink, microsoftTenantsChanged([CONTOSO], [], [CONTOSO])];

describe('invite link settings (UpdateInviteLink)', () => {
  it('on a tenant that does not exist is 404 tenant_not_found', () => {
    given(tenantDecider).when(enable('member')).thenThrows('not_found', 'tenant_not_found');
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

  describe('PUT idempotency', () => {
    const configured = [...withDomains('acme.com', 'xn--bcher-kva.de')];

    it('repeating the current settings emits no events', () => {
      given(tenantDecider, ...configured)
        .when(update({ enabled: true, defaultRoleId: 'member', allowedDomains: ['acme.com', 'xn--bcher-kva.de'] }, unusedToken))
        .then([]);
    });

    it('the same domains in the same order, in another case or spelling, are no change', () => {
      given(tenantDecider, ...configured).when(update({ allowedDomains: '@ACME.com\nBücher.de, acme.com' })).then([]);
    });

    it('the same domains in another order record the new order, with nothing added or removed', () => {
      const state = given(tenantDecider, ...configured)
        .when(update({ allowedDomains: 'bücher.de, acme.com' }))
        .then([domainsChanged([], [], ['xn--bcher-kva.de', 'acme.com'])]);
      expect(state.inviteLink.allowedDomains).toEqual(['xn--bcher-kva.de', 'acme.com']);
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
        .then([roleChanged(null, 'technician'), domainsChanged(['b.com', 'a.com'], [], ['b.com', 'a.com']), linkEnabled(1, tokenC)]);
      expect(state.inviteLink).toEqual({
        enabled: true,
        defaultRoleId: 'technician',
        allowedDomains: ['b.com', 'a.com'],
        allowedMicrosoftTenantIds: [],
        requireEmailVerification: false,
        token: tokenC,
        generation: 1,
      });
    });
  });

  describe('allowed Microsoft tenants (docs/http-api.md, Microsoft sign-in, issue 5)', () => {
    it('records what was added and removed, normalized; nothing when unchanged', () => {
      const state = given(tenantDecider, ...liveLink)
        .when(update({ allowedMicrosoftTenantIds: [FABRIKAM, CONTOSO.toUpperCase()] }))
        .then([microsoftTenantsChanged([FABRIKAM, CONTOSO], [], [FABRIKAM, CONTOSO])]);
      expect(state.inviteLink.allowedMicrosoftTenantIds).toEqual([FABRIKAM, CONTOSO]);
      given(tenantDecider, ...restricted)
        .when(update({ allowedMicrosoftTenantIds: `${FABRIKAM}` }))
        .then([microsoftTenantsChanged([FABRIKAM], [CONTOSO], [FABRIKAM])]);
      given(tenantDecider, ...restricted).when(update({ allowedMicrosoftTenantIds: [CONTOSO] })).then([]);
    });

    it("keeps the admin's order: a save that only reorders records the new order", () => {
      const both = [...liveLink, microsoftTenantsChanged([CONTOSO, FABRIKAM], [], [CONTOSO, FABRIKAM])];
      const state = given(tenantDecider, ...both)
        .when(update({ allowedMicrosoftTenantIds: `${FABRIKAM}\n${CONTOSO}` }))
        .then([microsoftTenantsChanged([], [], [FABRIKAM, CONTOSO])]);
      expect(state.inviteLink.allowedMicrosoftTenantIds).toEqual([FABRIKAM, CONTOSO]);
      given(tenantDecider, ...both).when(update({ allowedMicrosoftTenantIds: [CONTOSO, FABRIKAM] })).then([]);
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
  });

  describe('email verification (requireEmailVerification)', () => {
    const withMail = { mailConfigured: true } as const;
    const verified = [...liveLink, emailVerificationSet(true)];

    it('turning it on records one InviteLinkEmailVerificationSet and keeps the token and the URL', () => {
      const before = stateOf(...liveLink);
      const state = given(tenantDecider, ...liveLink)
        .when(update({ requireEmailVerification: true, ...withMail }))
        .then([emailVerificationSet(true)]);
      expect(state.inviteLink).toEqual({ ...before.inviteLink, requireEmailVerification: true });
      expect(acceptsToken(state, tokenA.hash)).toBe(true);
    });

    it('turning it off records the change and needs no mail', () => {
      const state = given(tenantDecider, ...verified)
        .when(update({ requireEmailVerification: false }))
        .then([emailVerificationSet(false)]);
      expect(state.inviteLink.requireEmailVerification).toBe(false);
    });

    it('records nothing when it does not change, with or without mail', () => {
      given(tenantDecider, ...verified).when(update({ requireEmailVerification: true })).then([]);
      given(tenantDecider, ...verified).when(update({ requireEmailVerification: true, ...withMail })).then([]);
      given(tenantDecider, ...liveLink).when(update({ requireEmailVerification: false })).then([]);
      given(tenantDecider, ...liveLink).when(update({ enabled: true, requireEmailVerification: false }, unusedToken)).then([]);
    });

    it('is unchanged when the request leaves it out', () => {
      given(tenantDecider, ...verified).when(update({ defaultRoleId: 'technician' })).then([roleChanged('member', 'technician')]);
    });

    it('refuses to turn it on without mail: 422 mail_not_configured naming SMTP_URL and the field', () => {
      for (const mailConfigured of [false, undefined]) {
        const error = given(tenantDecider, ...liveLink)
          .when(update({ requireEmailVerification: true, mailConfigured }))
          .thenThrows('validation', 'mail_not_configured', 'SMTP_URL');
        expect(error.message).toBe('requireEmailVerification: email verification sends mail; set SMTP_URL (and MAIL_FROM) on the service first');
        expect(error.details).toEqual({ field: 'requireEmailVerification' });
      }
    });

    it('refuses the whole request when turning it on is refused: no role, domains or enabling applied', () => {
      given(tenantDecider, tenantCreated)
        .when(update({ enabled: true, defaultRoleId: 'member', allowedDomains: 'acme.com', requireEmailVerification: true }, tokenC))
        .thenThrows('validation', 'mail_not_configured');
    });

    it('can be prepared on a disabled link, and on one never enabled', () => {
      given(tenantDecider, ...liveLink, linkDisabled())
        .when(update({ requireEmailVerification: true, ...withMail }))
        .then([emailVerificationSet(true)]);
      const state = given(tenantDecider, tenantCreated)
        .when(update({ requireEmailVerification: true, ...withMail }))
        .then([emailVerificationSet(true)]);
      expect(state.inviteLink).toMatchObject({ enabled: false, token: null, requireEmailVerification: true });
    });

    it('is decided after the lists and before enabling, so the link never works without it', () => {
      given(tenantDecider, tenantCreated)
        .when(update({ enabled: true, defaultRoleId: 'member', allowedDomains: 'acme.com', requireEmailVerification: true, ...withMail }, tokenC))
        .then([
          roleChanged(null, 'member'),
          domainsChanged(['acme.com'], [], ['acme.com']),
          emailVerificationSet(true),
          linkEnabled(1, tokenC),
        ]);
    });

    it('follows the other settings on an SSO tenant (it may be changed; enabling stays refused) and on a canceled one (409)', () => {
      given(tenantDecider, ...liveLink, ssoConfigured(), linkDisabled('sso_configured'))
        .when(update({ requireEmailVerification: true, ...withMail }))
        .then([emailVerificationSet(true)]);
      given(tenantDecider, ...liveLink, ssoConfigured(), linkDisabled('sso_configured'))
        .when(update({ enabled: true, requireEmailVerification: true, ...withMail }))
        .thenThrows('conflict', 'sso_configured');
      given(tenantDecider, ...liveLink, tenantCanceled, linkDisabled('tenant_canceled'))
        .when(update({ requireEmailVerification: true, ...withMail }))
        .thenThrows('conflict', 'tenant_canceled');
    });

    it('survives a regeneration, a disable and a re-enable', () => {
      const state = stateOf(...verified, regenerated(2, tokenB), linkDisabled(), linkEnabled(2));
      expect(state.inviteLink).toMatchObject({ enabled: true, requireEmailVerification: true, token: tokenB, generation: 2 });
    });
  });
});
