import {
  allowedDomains,
  anId,
  anMspWithATenant,
  given,
  defaultRoleChanged,
  linkDisabled,
  mspAdmin,
  roleCreated,
  ssoConfigured,
  SSO,
  streams,
  tenantCanceled,
  tenantMemberAccount,
} from './events';
import { PUBLIC_BASE_URL, useApiSpec } from './harness';

const spec = useApiSpec();

const SSO_MESSAGE = 'Not available - SSO is configured for this tenant.';
const storedToken = { hash: expect.stringMatching(/^[\w-]{43}$/), ciphertext: expect.any(String) };
const linkPath = (tenantId: string) => `/api/v1/tenants/${tenantId}/invite-link`;
const urlOf = (token: string) => `${PUBLIC_BASE_URL}/join/${token}`;

/** The InviteLinkView of an enabled, available link. */
const enabledView = (tenantId: string, token: string, overrides: Record<string, unknown> = {}) => ({
  tenantId,
  enabled: true,
  defaultRoleId: 'member',
  allowedDomains: [],
  requireEmailVerification: false,
  url: urlOf(token),
  available: true,
  unavailableReason: null,
  ...overrides,
});

describe('PUT /api/v1/tenants/:tenantId/invite-link', () => {
  it('enables a new link with a role: the role change, then the first token (generation 1)', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    const outcome = await spec.when.as(adminId).put(linkPath(tenantId), { enabled: true, defaultRoleId: 'technician' });
    const { url } = outcome.body as { url: string };
    spec.then(outcome, {
      status: 200,
      body: enabledView(tenantId, url.slice(`${PUBLIC_BASE_URL}/join/`.length), { defaultRoleId: 'technician' }),
      events: [
        { stream: streams.tenant(tenantId), type: 'InviteLinkDefaultRoleChanged', data: { from: null, to: 'technician' }, actor: mspAdmin(adminId) },
        { stream: streams.tenant(tenantId), type: 'InviteLinkEnabled', data: { generation: 1, token: storedToken }, actor: mspAdmin(adminId) },
      ],
    });
    expect(url).toMatch(new RegExp(`^${PUBLIC_BASE_URL}/join/[A-Za-z0-9_-]{43}$`));
  });

  it('refuses to enable without a default role: 422 default_role_required, nothing recorded (R2)', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    spec.then(await spec.when.as(adminId).put(linkPath(tenantId), { enabled: true }), {
      status: 422,
      body: expect.objectContaining({
        statusCode: 422,
        code: 'default_role_required',
        message: 'defaultRoleId: a default role is required before the invite link can be enabled',
      }),
      events: [],
    });
  });

  it('refuses an unknown role whether or not it enables: 422 unknown_role naming it', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    spec.then(await spec.when.as(adminId).put(linkPath(tenantId), { defaultRoleId: 'wizard' }), {
      status: 422,
      body: expect.objectContaining({ statusCode: 422, code: 'unknown_role', message: 'defaultRoleId: unknown role "wizard" for this tenant' }),
      events: [],
    });
  });

  it('changes the role to a custom one and keeps the token and URL (R5)', async () => {
    const { adminId, tenantId, token } = await given.anMspWithALink(spec);
    const roleId = anId();
    await spec.given(roleCreated(tenantId, roleId, 'Contractor'));
    spec.then(await spec.when.as(adminId).put(linkPath(tenantId), { defaultRoleId: roleId }), {
      status: 200,
      body: enabledView(tenantId, token, { defaultRoleId: roleId }),
      events: [{ stream: streams.tenant(tenantId), type: 'InviteLinkDefaultRoleChanged', data: { from: 'member', to: roleId }, actor: mspAdmin(adminId) }],
    });
  });

  it('normalizes and claims new domains before recording them on the tenant (R3, R4, R6)', async () => {
    const { adminId, mspId, tenantId, token } = await given.anMspWithALink(spec);
    spec.then(await spec.when.as(adminId).put(linkPath(tenantId), { allowedDomains: ' @Acme.COM,\nbücher.de ' }), {
      status: 200,
      body: enabledView(tenantId, token, { allowedDomains: ['acme.com', 'xn--bcher-kva.de'] }),
      events: [
        {
          stream: streams.claims(mspId),
          type: 'SiblingDomainsClaimed',
          data: { tenantId, domains: ['acme.com', 'xn--bcher-kva.de'], tenantRevision: 2 },
          actor: mspAdmin(adminId),
        },
        {
          stream: streams.tenant(tenantId),
          type: 'InviteLinkAllowedDomainsChanged',
          data: { added: ['acme.com', 'xn--bcher-kva.de'], removed: [], domains: ['acme.com', 'xn--bcher-kva.de'] },
          actor: mspAdmin(adminId),
        },
      ],
    });
  });

  it('releases a dropped domain after recording the new list', async () => {
    const { adminId, mspId, tenantId, token } = await given.anMspWithALink(spec);
    await spec.given(allowedDomains(mspId, tenantId, 2, ['acme.com', 'globex.com']));
    spec.then(await spec.when.as(adminId).put(linkPath(tenantId), { allowedDomains: ['globex.com'] }), {
      status: 200,
      body: enabledView(tenantId, token, { allowedDomains: ['globex.com'] }),
      events: [
        {
          stream: streams.tenant(tenantId),
          type: 'InviteLinkAllowedDomainsChanged',
          data: { added: [], removed: ['acme.com'], domains: ['globex.com'] },
          actor: mspAdmin(adminId),
        },
        {
          stream: streams.claims(mspId),
          type: 'SiblingDomainsReleased',
          data: { tenantId, domains: ['acme.com'], tenantRevision: 4 },
          actor: mspAdmin(adminId),
        },
      ],
    });
  });

  it('disables with reason admin; the URL is hidden (R7)', async () => {
    const { adminId, tenantId } = await given.anMspWithALink(spec);
    spec.then(await spec.when.as(adminId).put(linkPath(tenantId), { enabled: false }), {
      status: 200,
      body: { tenantId, enabled: false, defaultRoleId: 'member', allowedDomains: [], requireEmailVerification: false, url: null, available: true, unavailableReason: null },
      events: [{ stream: streams.tenant(tenantId), type: 'InviteLinkDisabled', data: { reason: 'admin' }, actor: mspAdmin(adminId) }],
    });
  });

  it('re-enables with the same token: InviteLinkEnabled without new token material (R7)', async () => {
    const { adminId, tenantId, token } = await given.anMspWithALink(spec);
    await spec.given(linkDisabled(tenantId));
    spec.then(await spec.when.as(adminId).put(linkPath(tenantId), { enabled: true }), {
      status: 200,
      body: enabledView(tenantId, token),
      events: [{ stream: streams.tenant(tenantId), type: 'InviteLinkEnabled', data: { generation: 1 }, actor: mspAdmin(adminId) }],
    });
  });

  it('records nothing for settings it already has, in another spelling', async () => {
    const { adminId, mspId, tenantId, token } = await given.anMspWithALink(spec);
    await spec.given(allowedDomains(mspId, tenantId, 2, ['acme.com', 'globex.com']));
    spec.then(
      await spec.when.as(adminId).put(linkPath(tenantId), { enabled: true, defaultRoleId: 'member', allowedDomains: '@ACME.com, GLOBEX.com' }),
      { status: 200, body: enabledView(tenantId, token, { allowedDomains: ['acme.com', 'globex.com'] }), events: [] },
    );
  });

  it("records a new order of the same domains as a change with nothing added or removed, and claims or releases nothing", async () => {
    const { adminId, mspId, tenantId, token } = await given.anMspWithALink(spec);
    await spec.given(allowedDomains(mspId, tenantId, 2, ['acme.com', 'globex.com']));
    spec.then(await spec.when.as(adminId).put(linkPath(tenantId), { allowedDomains: ['globex.com', 'acme.com'] }), {
      status: 200,
      body: enabledView(tenantId, token, { allowedDomains: ['globex.com', 'acme.com'] }),
      events: [
        {
          stream: streams.tenant(tenantId),
          type: 'InviteLinkAllowedDomainsChanged',
          data: { added: [], removed: [], domains: ['globex.com', 'acme.com'] },
          actor: mspAdmin(adminId),
        },
      ],
    });
  });

  it('refuses to enable on an SSO tenant with 409 and exactly the R9 message, before a missing role', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    await spec.given(ssoConfigured(tenantId));
    spec.then(await spec.when.as(adminId).put(linkPath(tenantId), { enabled: true }), {
      status: 409,
      body: expect.objectContaining({ statusCode: 409, code: 'sso_configured', message: SSO_MESSAGE }),
      events: [],
    });
  });

  it('refuses every change of a canceled tenant with 409 tenant_canceled (R10)', async () => {
    const { adminId, tenantId } = await given.anMspWithALink(spec);
    await spec.given(tenantCanceled(tenantId), linkDisabled(tenantId, 'tenant_canceled'));
    spec.then(await spec.when.as(adminId).put(linkPath(tenantId), { defaultRoleId: 'technician' }), {
      status: 409,
      body: expect.objectContaining({ statusCode: 409, code: 'tenant_canceled' }),
      events: [],
    });
  });

  it('answers a tenant user 403 msp_admin_only and records nothing (R20)', async () => {
    const { tenantId } = await given.anMspWithALink(spec);
    const userId = anId();
    await spec.given(await tenantMemberAccount({ userId, tenantId, email: `member-${userId}@globex.example`, roleId: 'tenant_admin' }));
    spec.then(await spec.when.as(userId).put(linkPath(tenantId), { enabled: false }), {
      status: 403,
      body: expect.objectContaining({ statusCode: 403, code: 'msp_admin_only' }),
      events: [],
    });
  });

  it('answers an admin of another MSP 404 tenant_not_found, as for a tenant that does not exist (R20)', async () => {
    const { tenantId } = await given.anMspWithALink(spec);
    const stranger = await anMspWithATenant();
    await spec.given(stranger.events);
    const asStranger = await spec.when.as(stranger.adminId).put(linkPath(tenantId), { enabled: false });
    const missing = await spec.when.as(stranger.adminId).put(linkPath(anId()), { enabled: false });
    spec.then(asStranger, { status: 404, body: missing.body, events: [] });
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'tenant_not_found' });
  });
});

describe('POST /api/v1/tenants/:tenantId/invite-link/regenerate', () => {
  it('revokes and generates: generation 2 with a new token and a new URL, still enabled (R8)', async () => {
    const { adminId, tenantId, token } = await given.anMspWithALink(spec);
    const outcome = await spec.when.as(adminId).post(`${linkPath(tenantId)}/regenerate`);
    const { url } = outcome.body as { url: string };
    spec.then(outcome, {
      status: 200,
      body: enabledView(tenantId, url.slice(`${PUBLIC_BASE_URL}/join/`.length)),
      events: [{ stream: streams.tenant(tenantId), type: 'InviteLinkRegenerated', data: { generation: 2, token: storedToken }, actor: mspAdmin(adminId) }],
    });
    expect(url).not.toBe(urlOf(token));
  });

  it('keeps a disabled link disabled while retiring its token (R8)', async () => {
    const { adminId, tenantId } = await given.anMspWithALink(spec);
    await spec.given(linkDisabled(tenantId));
    spec.then(await spec.when.as(adminId).post(`${linkPath(tenantId)}/regenerate`), {
      status: 200,
      body: { tenantId, enabled: false, defaultRoleId: 'member', allowedDomains: [], requireEmailVerification: false, url: null, available: true, unavailableReason: null },
      events: [{ stream: streams.tenant(tenantId), type: 'InviteLinkRegenerated', data: { generation: 2, token: storedToken }, actor: mspAdmin(adminId) }],
    });
  });
});

describe('PUT /api/v1/tenants/:tenantId/sso', () => {
  it('disables an enabled link in the same append, reason sso_configured (R9)', async () => {
    const { adminId, tenantId } = await given.anMspWithALink(spec);
    spec.then(await spec.when.as(adminId).put(`/api/v1/tenants/${tenantId}/sso`, SSO), {
      status: 200,
      body: { tenantId, sso: SSO },
      events: [
        { stream: streams.tenant(tenantId), type: 'TenantSsoConfigured', data: SSO, actor: mspAdmin(adminId) },
        { stream: streams.tenant(tenantId), type: 'InviteLinkDisabled', data: { reason: 'sso_configured' }, actor: mspAdmin(adminId) },
      ],
    });
  });

  it('removing SSO records TenantSsoRemoved and leaves the link disabled (R9)', async () => {
    const { adminId, tenantId } = await given.anMspWithALink(spec);
    await spec.given(ssoConfigured(tenantId), linkDisabled(tenantId, 'sso_configured'));
    spec.then(await spec.when.as(adminId).delete(`/api/v1/tenants/${tenantId}/sso`), {
      status: 204,
      body: {},
      events: [{ stream: streams.tenant(tenantId), type: 'TenantSsoRemoved', data: {}, actor: mspAdmin(adminId) }],
    });
  });
});

describe('POST /api/v1/tenants/:tenantId/cancel', () => {
  it('cancels: TenantCanceled, the link disabled in the same append, the domains released (R10, R4)', async () => {
    const { adminId, mspId, tenantId } = await given.anMspWithALink(spec);
    await spec.given(allowedDomains(mspId, tenantId, 2, ['acme.com']));
    spec.then(await spec.when.as(adminId).post(`/api/v1/tenants/${tenantId}/cancel`), {
      status: 200,
      body: { id: tenantId, name: 'Globex', status: 'canceled' },
      events: [
        { stream: streams.tenant(tenantId), type: 'TenantCanceled', data: {}, actor: mspAdmin(adminId) },
        { stream: streams.tenant(tenantId), type: 'InviteLinkDisabled', data: { reason: 'tenant_canceled' }, actor: mspAdmin(adminId) },
        { stream: streams.claims(mspId), type: 'SiblingDomainsReleased', data: { tenantId, domains: ['acme.com'], tenantRevision: 5 }, actor: mspAdmin(adminId) },
      ],
    });
  });

  it('answers a second cancelation 409 tenant_canceled', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    await spec.given(tenantCanceled(tenantId));
    spec.then(await spec.when.as(adminId).post(`/api/v1/tenants/${tenantId}/cancel`), {
      status: 409,
      body: expect.objectContaining({ statusCode: 409, code: 'tenant_canceled' }),
      events: [],
    });
  });
});

describe('a role chosen earlier counts when enabling', () => {
  it('enables with the role from an earlier request (R2)', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    await spec.given(defaultRoleChanged(tenantId, 'read_only'));
    const outcome = await spec.when.as(adminId).put(linkPath(tenantId), { enabled: true });
    const { url } = outcome.body as { url: string };
    spec.then(outcome, {
      status: 200,
      body: enabledView(tenantId, url.slice(`${PUBLIC_BASE_URL}/join/`.length), { defaultRoleId: 'read_only' }),
      events: [{ stream: streams.tenant(tenantId), type: 'InviteLinkEnabled', data: { generation: 1, token: storedToken }, actor: mspAdmin(adminId) }],
    });
  });
});
