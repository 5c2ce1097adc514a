import { given } from '../../../shared/domain/testing/given-when-then';
import { DomainError } from '../../../shared/domain/domain-error';
import { TenantCommand, tenantDecider } from '../../tenancy/domain/tenant.decider';
import { TenantEvent } from '../../tenancy/domain/tenant.events';
import { INVALID_LINK_MESSAGE } from './invite-link.messages';
import {
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
  ssoRemoved,
  tenantCanceled,
  tenantCreated,
  tokenA,
  tokenB,
  withDomains,
} from '../../tenancy/domain/testing/tenant-stream.fixtures';

/*
 * The join check (invite-link.join.ts): R12, R16, R17 and R22, decided by the tenant decider on
 * the tenant stream at the revision the signup read.
 */

const CONTOSO = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const FABRIKAM = '9188040d-6c67-4c5b-b112-36a304b66dad';
/** A live link limited to the Microsoft organization Contoso. */
const restricted = [...liveLink, microsoftTenantsChanged([CONTOSO], [], [CONTOSO])];
const microsoftJoin = (tid: string | undefined): TenantCommand => ({
  type: 'JoinViaInviteLink',
  userId: 'user-new',
  tokenHash: tokenA.hash,
  email: 'new.user@acme.com',
  method: 'microsoft',
  microsoftTenantId: tid,
});

describe('joining via the invite link (JoinViaInviteLink)', () => {
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

  describe('allowed Microsoft tenants (docs/http-api.md, Microsoft sign-in, issue 5)', () => {
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
