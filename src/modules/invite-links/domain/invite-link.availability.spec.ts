import { given } from '../../../shared/domain/testing/given-when-then';
import { TenantCommand, tenantDecider } from '../../tenancy/domain/tenant.decider';
import { acceptsToken, unavailableReason } from './invite-link.availability';
import { CANCELED_UNAVAILABLE_MESSAGE, SSO_UNAVAILABLE_MESSAGE } from './invite-link.messages';
import {
  canceledTenant,
  disable,
  enable,
  join,
  linkDisabled,
  linkEnabled,
  liveLink,
  regenerated,
  revokeAndGenerate,
  roleChanged,
  SSO,
  ssoConfigured,
  ssoRemoved,
  stateOf,
  tenantCanceled,
  tenantCreated,
  tokenA,
  tokenB,
  unusedToken,
  update,
} from '../../tenancy/domain/testing/tenant-stream.fixtures';

/*
 * When the link can work at all (invite-link.availability.ts): R9, SSO tenants have no invite
 * link, and R10, a canceled tenant's link is dead forever. The tenant's SSO and cancel commands
 * disable the link in the same append.
 */
describe('invite link availability', () => {
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

    it('an SSO tenant never accepts a token, even if regenerated', () => {
      const history = [...liveLink, ssoConfigured(), linkDisabled('sso_configured')];
      const state = given(tenantDecider, ...history).when(revokeAndGenerate(tokenB)).then([regenerated(2, tokenB)]);
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

    it.each<[string, TenantCommand]>([
      ['UpdateInviteLink (enable)', enable('member')],
      ['UpdateInviteLink (disable)', disable],
      ['UpdateInviteLink (role)', update({ defaultRoleId: 'technician' })],
      ['UpdateInviteLink (domains)', update({ allowedDomains: 'acme.com' })],
      ['UpdateInviteLink (no change)', update({})],
      ['RevokeAndGenerateInviteLink', revokeAndGenerate(tokenB)],
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
});
