import { describeChange, describeSave, HistoryItem, Names } from './describe-change';

const names: Names = {
  role: (id) => (id === null || id === undefined ? 'none' : ({ r1: 'Admin', r2: 'Reader' } as Record<string, string>)[String(id)] ?? String(id)),
  person: (id) => (id === 'u1' ? 'Ada Lovelace' : `User ${String(id)}`),
};

const described = (type: string, data: Record<string, unknown> = {}) => describeChange({ type, at: '2026-01-01T00:00:00.000Z', data } as HistoryItem, names);

describe('a history entry in words', () => {
  it('names the switch, the reason a link was turned off, and a regeneration', () => {
    expect(described('InviteLinkEnabled')).toEqual({ what: 'Link enabled' });
    expect(described('InviteLinkDisabled', { reason: 'sso_configured' })).toEqual({ what: 'Link disabled (reason: SSO configured)' });
    expect(described('InviteLinkDisabled', { reason: 'something_new' })).toEqual({ what: 'Link disabled (reason: something_new)' });
    expect(described('InviteLinkDisabled')).toEqual({ what: 'Link disabled (reason: not recorded)' });
    expect(described('InviteLinkRegenerated')).toEqual({ what: 'Link regenerated (the previous link stopped working)' });
  });

  it('gives role names, and the id of a role it does not know', () => {
    expect(described('InviteLinkDefaultRoleChanged', { from: null, to: 'r1' }).what).toBe('Default role set to Admin');
    expect(described('InviteLinkDefaultRoleChanged', { from: 'r1', to: 'gone' }).what).toBe('Default role changed from Admin to gone');
  });

  it('lists added and removed domains with the noun once, and what is allowed now', () => {
    expect(described('InviteLinkAllowedDomainsChanged', { added: ['a.com', 'b.com'], removed: ['c.com'], domains: ['a.com', 'b.com'] })).toEqual({
      what: 'Domains added: a.com, b.com; removed: c.com',
      detail: 'Allowed now: a.com, b.com',
    });
    expect(described('InviteLinkAllowedDomainsChanged', { added: [], removed: ['c.com'], domains: [] })).toEqual({
      what: 'Domains removed: c.com',
      detail: 'Allowed now: any email domain',
    });
    // A save that only changes the order (the admin's order is kept) adds and removes nothing.
    expect(described('InviteLinkAllowedDomainsChanged', { added: [], removed: [], domains: ['b.com', 'a.com'] })).toEqual({
      what: 'Allowed domains reordered',
      detail: 'Allowed now: b.com, a.com',
    });
  });

  it('does the same for Microsoft tenants', () => {
    expect(described('InviteLinkMicrosoftTenantsChanged', { added: ['t1'], removed: ['t2'], tenantIds: ['t1'] })).toEqual({
      what: 'Microsoft tenants added: t1; removed: t2',
      detail: 'Allowed now: t1',
    });
    expect(described('InviteLinkMicrosoftTenantsChanged', { added: [], removed: [], tenantIds: ['t2', 't1'] })).toEqual({
      what: 'Allowed Microsoft tenants reordered',
      detail: 'Allowed now: t2, t1',
    });
  });

  it('says whether email verification was turned on or off', () => {
    expect(described('InviteLinkEmailVerificationSet', { requireEmailVerification: true })).toEqual({ what: 'Email verification turned on' });
    expect(described('InviteLinkEmailVerificationSet', { requireEmailVerification: false })).toEqual({ what: 'Email verification turned off' });
  });

  it('says who joined, how, and with which role', () => {
    expect(described('MemberJoinedViaInviteLink', { userId: 'u1', method: 'microsoft', roleId: 'r2' })).toEqual({
      what: 'Ada Lovelace joined via the link with Microsoft',
      detail: 'Role given: Reader',
    });
    expect(described('MemberJoinedViaInviteLink', { userId: 'u9', method: 'passkey', roleId: 'r1' }).what).toBe('User u9 joined via the link with passkey');
  });

  it('shows the type of an event it has no words for', () => {
    expect(described('InviteLinkSomethingElse')).toEqual({ what: 'InviteLinkSomethingElse' });
  });

  it('says how the tenant events that decide whether the link works affect it', () => {
    expect(described('TenantSsoConfigured', { protocol: 'saml', entityId: 'https://idp.example/metadata', ssoUrl: 'https://idp.example/sso' })).toEqual({
      what: 'SSO configured for the tenant: the invite link cannot be used while it is',
      detail: 'Identity provider: https://idp.example/metadata',
    });
    expect(described('TenantSsoRemoved')).toEqual({ what: 'SSO removed: the invite link can be enabled again' });
    expect(described('TenantCanceled')).toEqual({ what: 'Tenant canceled: the invite link stopped working for good' });
  });
});

describe('a save in words', () => {
  const item = (type: string, data: Record<string, unknown> = {}): HistoryItem => ({ type, at: '2026-01-01T00:00:00.000Z', data, correlationId: 'req-1' });

  it('joins the changes of one save into one sentence, in the order they were decided', () => {
    // The API lists newest first: the domains were decided after the role.
    const save = [
      item('InviteLinkAllowedDomainsChanged', { added: ['acme.com', 'acme.co.uk'], removed: [], domains: ['acme.com', 'acme.co.uk'] }),
      item('InviteLinkDefaultRoleChanged', { from: null, to: 'r2' }),
    ];
    expect(describeSave(save, names)).toEqual({
      what: 'Default role set to Reader; domains added: acme.com, acme.co.uk',
      details: ['Allowed now: acme.com, acme.co.uk'],
    });
  });

  it('lowers only the capitals a sentence start gave, keeping those of names and acronyms', () => {
    expect(describeSave([item('InviteLinkEnabled'), item('InviteLinkDefaultRoleChanged', { from: 'r1', to: 'r2' })], names).what).toBe(
      'Default role changed from Admin to Reader; link enabled',
    );
    expect(describeSave([item('InviteLinkDisabled', { reason: 'sso_configured' }), item('TenantSsoConfigured')], names).what).toBe(
      'SSO configured for the tenant: the invite link cannot be used while it is; link disabled (reason: SSO configured)',
    );
    expect(describeSave([item('InviteLinkMicrosoftTenantsChanged', { added: ['t1'], removed: [], tenantIds: ['t1'] }), item('InviteLinkEnabled')], names)).toEqual({
      what: 'Link enabled; Microsoft tenants added: t1',
      details: ['Allowed now: t1'],
    });
  });

  it('words email verification inside a save as a clause, in the order it was decided', () => {
    const save = [
      item('InviteLinkEnabled'),
      item('InviteLinkEmailVerificationSet', { requireEmailVerification: true }),
      item('InviteLinkAllowedDomainsChanged', { added: ['acme.com'], removed: [], domains: ['acme.com'] }),
    ];
    expect(describeSave(save, names)).toEqual({
      what: 'Domains added: acme.com; email verification turned on; link enabled',
      details: ['Allowed now: acme.com'],
    });
  });

  it('words a save of one change as that change', () => {
    expect(describeSave([item('InviteLinkRegenerated')], names)).toEqual({ what: 'Link regenerated (the previous link stopped working)', details: [] });
  });
});
