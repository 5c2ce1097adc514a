import { given } from '../../../shared/domain/testing/given-when-then';
import { tenantDecider } from '../../tenancy/domain/tenant.decider';
import { acceptsToken } from './invite-link.availability';
import {
  domainsChanged,
  join,
  linkDisabled,
  linkEnabled,
  liveLink,
  memberJoined,
  regenerated,
  revokeAndGenerate,
  roleChanged,
  stateOf,
  tenantCreated,
  tokenA,
  tokenB,
  tokenC,
  unusedToken,
  update,
} from '../../tenancy/domain/testing/tenant-stream.fixtures';

/* R8, "Revoke & Generate" (invite-link.revoke-and-generate.ts). */
describe('invite link: Revoke & Generate (RevokeAndGenerateInviteLink)', () => {
  it('on a tenant that does not exist is 404 tenant_not_found', () => {
    given(tenantDecider).when(revokeAndGenerate(tokenB)).thenThrows('not_found', 'tenant_not_found');
  });

  describe('R8: Revoke & Generate', () => {
    it('issues a new token with generation + 1 and keeps the link enabled', () => {
      const state = given(tenantDecider, ...liveLink).when(revokeAndGenerate(tokenB)).then([regenerated(2, tokenB)]);
      expect(state.inviteLink).toMatchObject({ enabled: true, token: tokenB, generation: 2, defaultRoleId: 'member' });
      expect(acceptsToken(state, tokenA.hash)).toBe(false);
      expect(acceptsToken(state, tokenB.hash)).toBe(true);
    });

    it('keeps a disabled link disabled, and re-enabling then uses the new token', () => {
      const history = [...liveLink, linkDisabled()];
      const state = given(tenantDecider, ...history).when(revokeAndGenerate(tokenB)).then([regenerated(2, tokenB)]);
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
      const state = given(tenantDecider, ...history).when(revokeAndGenerate(tokenC)).then([regenerated(3, tokenC)]);
      expect(acceptsToken(state, tokenA.hash)).toBe(false);
      expect(acceptsToken(state, tokenB.hash)).toBe(false);
      expect(acceptsToken(state, tokenC.hash)).toBe(true);
      // Disabling and re-enabling never brings an old token back.
      const again = stateOf(...history, regenerated(3, tokenC), linkDisabled(), linkEnabled(3));
      expect(acceptsToken(again, tokenA.hash)).toBe(false);
      expect(acceptsToken(again, tokenB.hash)).toBe(false);
      expect(acceptsToken(again, tokenC.hash)).toBe(true);
    });

    it('keeps the role and the allowed domains, and the new token joins with them', () => {
      const history = [
        ...liveLink,
        roleChanged('member', 'technician'),
        domainsChanged(['acme.com'], [], ['acme.com']),
      ];
      const state = given(tenantDecider, ...history).when(revokeAndGenerate(tokenB)).then([regenerated(2, tokenB)]);
      expect(state.inviteLink).toMatchObject({ defaultRoleId: 'technician', allowedDomains: ['acme.com'] });
      given(tenantDecider, ...history, regenerated(2, tokenB))
        .when(join(tokenB.hash, 'x@acme.com'))
        .then([memberJoined('user-new', 'technician', 2)]);
      given(tenantDecider, ...history, regenerated(2, tokenB))
        .when(join(tokenB.hash, 'x@gmail.com'))
        .thenThrows('forbidden', 'email_domain_not_allowed');
    });

    it('on a link never enabled, the generated token is the one the first enabling uses', () => {
      const history = [tenantCreated, roleChanged(null, 'member')];
      given(tenantDecider, ...history).when(revokeAndGenerate(tokenA)).then([regenerated(1, tokenA)]);
      const state = given(tenantDecider, ...history, regenerated(1, tokenA))
        .when(update({ enabled: true }, unusedToken))
        .then([linkEnabled(1)]);
      expect(state.inviteLink).toMatchObject({ enabled: true, token: tokenA, generation: 1 });
      expect(acceptsToken(state, tokenA.hash)).toBe(true);
      expect(acceptsToken(state, unusedToken.hash)).toBe(false);
    });
  });
});
