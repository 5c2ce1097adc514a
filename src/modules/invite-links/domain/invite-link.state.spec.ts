import { InviteLinkEvent } from './invite-link.events';
import { evolveInviteLink, initialInviteLinkState, InviteLinkState } from './invite-link.state';

/* The link's own fold, without the tenant around it: given events → expected slice. */
const tokenA = { hash: 'hash-a', ciphertext: 'cipher-a' };
const tokenB = { hash: 'hash-b', ciphertext: 'cipher-b' };
const fold = (...events: InviteLinkEvent[]): InviteLinkState => events.reduce(evolveInviteLink, initialInviteLinkState);

describe('invite link state (evolveInviteLink)', () => {
  it('R1: a tenant starts with one link, disabled, without a role, a token or a generation', () => {
    expect(initialInviteLinkState).toEqual({
      enabled: false,
      defaultRoleId: null,
      allowedDomains: [],
      allowedMicrosoftTenantIds: [],
      requireEmailVerification: false,
      token: null,
      generation: 0,
    });
  });

  it('R7: an enabling without a token keeps the token and generation it had', () => {
    const link = fold(
      { type: 'InviteLinkEnabled', data: { generation: 1, token: tokenA } },
      { type: 'InviteLinkDisabled', data: { reason: 'admin' } },
      { type: 'InviteLinkEnabled', data: { generation: 1 } },
    );
    expect(link).toMatchObject({ enabled: true, token: tokenA, generation: 1 });
  });

  it('R8: a new token replaces the old one and keeps enabled, role and lists', () => {
    const link = fold(
      { type: 'InviteLinkDefaultRoleChanged', data: { from: null, to: 'member' } },
      { type: 'InviteLinkAllowedDomainsChanged', data: { added: ['acme.com'], removed: [], domains: ['acme.com'] } },
      { type: 'InviteLinkEnabled', data: { generation: 1, token: tokenA } },
      { type: 'InviteLinkRegenerated', data: { generation: 2, token: tokenB } },
    );
    expect(link).toEqual({
      enabled: true,
      defaultRoleId: 'member',
      allowedDomains: ['acme.com'],
      allowedMicrosoftTenantIds: [],
      requireEmailVerification: false,
      token: tokenB,
      generation: 2,
    });
  });

  it('email verification follows its last InviteLinkEmailVerificationSet and survives a new token', () => {
    const on = fold(
      { type: 'InviteLinkEmailVerificationSet', data: { requireEmailVerification: true } },
      { type: 'InviteLinkEnabled', data: { generation: 1, token: tokenA } },
      { type: 'InviteLinkRegenerated', data: { generation: 2, token: tokenB } },
    );
    expect(on).toMatchObject({ requireEmailVerification: true, enabled: true, token: tokenB });
    expect(evolveInviteLink(on, { type: 'InviteLinkEmailVerificationSet', data: { requireEmailVerification: false } })).toEqual({
      ...on,
      requireEmailVerification: false,
    });
  });

  it('a join changes none of the settings', () => {
    const live = fold({ type: 'InviteLinkEnabled', data: { generation: 1, token: tokenA } });
    const after = evolveInviteLink(live, {
      type: 'MemberJoinedViaInviteLink',
      data: { userId: 'u1', roleId: 'member', method: 'password', generation: 1 },
    });
    expect(after).toBe(live);
  });
});
