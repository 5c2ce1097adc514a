import { anMspWithAdmin, aTenantWithLink, expectInvalidLink, useTestApp } from '../support/fixtures';
import { Admin, aStrongPassword, anEmail, paths, SSO_CONFIG, SSO_MESSAGE, tokenOf, unique } from '../support/test-app';

describe('SSO and tenant cancelation', () => {
  const t = useTestApp();
  let admin: Admin;
  let mspId: string;

  const newTenant = async () => t.createTenant(mspId, unique('Tenant'), admin.token);
  const get = (tenantId: string) => t.as(admin.token).get(paths.inviteLink(tenantId));
  const put = (tenantId: string, body: object) => t.as(admin.token).put(paths.inviteLink(tenantId)).send(body);
  const history = async (tenantId: string) =>
    (await t.as(admin.token).get(paths.history(tenantId))).body.items as { type: string; data: Record<string, unknown> }[];
  const expectInvalid = (token: string) => expectInvalidLink(t, token);
  const enabledTenant = async () => {
    const { tenant, url, token } = await aTenantWithLink(t, admin, {}, unique('Tenant'));
    return { ...tenant, url, token };
  };

  beforeAll(async () => {
    ({ mspId, admin } = await anMspWithAdmin(t));
  });

  describe('R9: a tenant with SAML/SSO has no invite link', () => {
    it('disables an enabled link when SSO is configured, recording reason sso_configured', async () => {
      const tenant = await enabledTenant();
      const configured = await t.as(admin.token).put(paths.sso(tenant.id)).send(SSO_CONFIG);
      expect(configured.status).toBe(200);

      await expectInvalid(tenant.token);
      expect((await get(tenant.id)).body).toEqual({
        tenantId: tenant.id,
        enabled: false,
        defaultRoleId: 'member',
        allowedDomains: [],
        requireEmailVerification: false,
        url: null,
        available: false,
        unavailableReason: SSO_MESSAGE,
      });
      const last = (await history(tenant.id)).at(-1);
      expect(last).toEqual(expect.objectContaining({ type: 'InviteLinkDisabled', data: { reason: 'sso_configured' } }));
    });

    it('refuses to enable the link with 409 and exactly the R9 message, recording nothing', async () => {
      const tenant = await enabledTenant();
      await t.as(admin.token).put(paths.sso(tenant.id)).send(SSO_CONFIG);
      const before = await t.countEvents();
      const response = await put(tenant.id, { enabled: true });
      expect(response.status).toBe(409);
      expect(response.body).toEqual(expect.objectContaining({ statusCode: 409, message: SSO_MESSAGE, error: 'Conflict' }));
      const withRole = await put(tenant.id, { enabled: true, defaultRoleId: 'technician' });
      expect(withRole.status).toBe(409);
      expect(withRole.body.message).toBe(SSO_MESSAGE);
      expect(await t.countEvents()).toBe(before);
    });

    it('refuses to enable a never-enabled link of an SSO tenant', async () => {
      const tenant = await newTenant();
      await t.as(admin.token).put(paths.sso(tenant.id)).send(SSO_CONFIG);
      const response = await put(tenant.id, { enabled: true, defaultRoleId: 'member' });
      expect(response.status).toBe(409);
      expect(response.body.message).toBe(SSO_MESSAGE);
      expect((await get(tenant.id)).body).toEqual(expect.objectContaining({ enabled: false, url: null, available: false, unavailableReason: SSO_MESSAGE }));
    });

    it('records no disable event when the link was already disabled', async () => {
      const tenant = await newTenant();
      await t.as(admin.token).put(paths.sso(tenant.id)).send(SSO_CONFIG);
      // The history lists the SSO change itself (it decides whether the link works), and no disable.
      expect((await history(tenant.id)).map((item) => item.type)).toEqual(['TenantSsoConfigured']);
    });

    it('keeps the link disabled when SSO is removed (204), and then lets it be enabled again', async () => {
      const tenant = await enabledTenant();
      await t.as(admin.token).put(paths.sso(tenant.id)).send(SSO_CONFIG);
      const removed = await t.as(admin.token).delete(paths.sso(tenant.id));
      expect(removed.status).toBe(204);
      expect(removed.text).toBe('');

      expect((await get(tenant.id)).body).toEqual(
        expect.objectContaining({ enabled: false, url: null, available: true, unavailableReason: null }),
      );
      await expectInvalid(tenant.token);
      const types = (await history(tenant.id)).map((item) => item.type);
      expect(types).toEqual([
        'InviteLinkDefaultRoleChanged',
        'InviteLinkEnabled',
        'TenantSsoConfigured',
        'InviteLinkDisabled',
        'TenantSsoRemoved',
      ]);

      const enabled = await put(tenant.id, { enabled: true });
      expect(enabled.status).toBe(200);
      expect(enabled.body).toEqual(expect.objectContaining({ enabled: true, available: true, url: expect.any(String) }));
      expect((await t.anonymous().get(paths.publicLink(tokenOf(enabled.body.url)))).status).toBe(200);
    });

    it('answers 204 to removing SSO that is not configured, and records nothing', async () => {
      const tenant = await newTenant();
      const before = await t.countEvents();
      expect((await t.as(admin.token).delete(paths.sso(tenant.id))).status).toBe(204);
      expect(await t.countEvents()).toBe(before);
    });

    it('does not let a regeneration revive the link of an SSO tenant', async () => {
      const tenant = await enabledTenant();
      await t.as(admin.token).put(paths.sso(tenant.id)).send(SSO_CONFIG);
      const regenerated = await t.as(admin.token).post(paths.regenerate(tenant.id));
      if (regenerated.status === 200) {
        expect(regenerated.body).toEqual(expect.objectContaining({ enabled: false, url: null, available: false }));
      } else {
        expect(regenerated.status).toBe(409);
      }
      await expectInvalid(tenant.token);
    });
  });

  describe('R10: a canceled tenant', () => {
    let tenant: { id: string; name: string; url: string; token: string };

    beforeAll(async () => {
      tenant = await enabledTenant();
      await put(tenant.id, { allowedDomains: ['canceled-tenant.example'] });
    });

    it('is canceled with 200', async () => {
      const response = await t.as(admin.token).post(paths.cancel(tenant.id));
      expect(response.status).toBe(200);
      expect(response.body).toEqual(expect.objectContaining({ id: tenant.id, status: 'canceled' }));
    });

    it('has an invalid link, forever', async () => {
      await expectInvalid(tenant.token);
      const view = (await get(tenant.id)).body;
      expect(view).toEqual(expect.objectContaining({ tenantId: tenant.id, enabled: false, url: null, available: false }));
      expect(view.unavailableReason).toEqual(expect.any(String));
      const last = (await history(tenant.id)).at(-1);
      expect(last).toEqual(expect.objectContaining({ type: 'InviteLinkDisabled', data: { reason: 'tenant_canceled' } }));
    });

    it('refuses every change of the link with 409, recording nothing', async () => {
      const before = await t.countEvents();
      for (const body of [{ enabled: true }, { enabled: false }, { defaultRoleId: 'technician' }, { allowedDomains: ['x.example'] }]) {
        const response = await put(tenant.id, body);
        expect([body, response.status]).toEqual([body, 409]);
      }
      const regenerated = await t.as(admin.token).post(paths.regenerate(tenant.id));
      expect(regenerated.status).toBe(409);
      expect(await t.countEvents()).toBe(before);
      await expectInvalid(tenant.token);
    });

    it('refuses the other changes of a canceled tenant with 409', async () => {
      const before = await t.countEvents();
      const calls = [
        t.as(admin.token).post(paths.cancel(tenant.id)),
        t.as(admin.token).put(paths.sso(tenant.id)).send(SSO_CONFIG),
        t.as(admin.token).post(paths.roles(tenant.id)).send({ name: 'Late role' }),
        t
          .as(admin.token)
          .post(paths.users(tenant.id))
          .send({ email: anEmail('late'), password: aStrongPassword(), firstName: 'Late', lastName: 'User', roleId: 'member' }),
      ];
      for (const response of await Promise.all(calls)) expect(response.status).toBe(409);
      expect(await t.countEvents()).toBe(before);
    });

    it('is listed with status canceled, and stays readable', async () => {
      const items = (await t.as(admin.token).get(paths.tenants(mspId))).body.items;
      expect(items).toContainEqual({ id: tenant.id, name: tenant.name, status: 'canceled' });
      expect((await t.as(admin.token).get(paths.roles(tenant.id))).status).toBe(200);
      expect((await t.as(admin.token).get(paths.users(tenant.id))).status).toBe(200);
      expect((await t.as(admin.token).get(paths.history(tenant.id))).status).toBe(200);
    });

    it('still has an invalid link after a restart', async () => {
      await t.restart();
      await expectInvalid(tenant.token);
      expect((await put(tenant.id, { enabled: true })).status).toBe(409);
    });
  });
});
