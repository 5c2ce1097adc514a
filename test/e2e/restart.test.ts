import { enableLink, useTestApp } from '../support/fixtures';
import { paths, tokenOf } from '../support/test-app';

/** Everything lives in the event store and the read models on disk: a restart changes nothing. */
describe.each([
  ['secrets given as variables', 'explicit' as const],
  ['secrets generated and kept in DATA_DIR', 'generated' as const],
])('restart with %s', (_name, secrets) => {
  const t = useTestApp({ secrets });

  it('keeps links, tenants, users, roles, history and sign-ins', async () => {
    const { msp, admin, tenant } = await t.anMspWithTenant();
    const second = await t.createTenant(msp.id, 'Second', admin.token);
    const role = (await t.as(admin.token).post(paths.roles(tenant.id)).send({ name: 'Field Tech' })).body;
    const link = (
      await t
        .as(admin.token)
        .put(paths.inviteLink(tenant.id))
        .send({ enabled: true, defaultRoleId: role.id, allowedDomains: ['restart.example', 'bücher.de'] })
    ).body;
    const user = await t.addTenantUser(tenant.id, admin.token, { roleId: role.id });
    await t.as(admin.token).post(paths.cancel(second.id));

    const read = async (token: string) => ({
      link: (await t.as(token).get(paths.inviteLink(tenant.id))).body,
      users: (await t.as(token).get(paths.users(tenant.id))).body,
      tenants: (await t.as(token).get(paths.tenants(msp.id))).body,
      roles: (await t.as(token).get(paths.roles(tenant.id))).body,
      history: (await t.as(token).get(paths.history(tenant.id))).body,
      me: (await t.as(token).get(paths.me())).body,
      lookUp: (await t.anonymous().get(paths.publicLink(tokenOf(link.url)))).body,
    });
    const before = await read(admin.token);
    const eventsBefore = await t.countEvents();
    expect(before.link.url).toBe(link.url);
    expect(before.users.items).toHaveLength(1);

    await t.restart();

    expect(await t.countEvents()).toBe(eventsBefore);
    // The session issued before the restart is still valid (same SESSION_SECRET).
    expect(await read(admin.token)).toEqual(before);
    const fresh = await t.signIn(admin.email, admin.password);
    expect(await read(fresh)).toEqual(before);
    const userToken = await t.signIn(user.email, user.password);
    expect((await t.as(userToken).get(paths.me())).body.memberships).toEqual([{ tenantId: tenant.id, roleId: role.id }]);
    expect((await t.anonymous().post(paths.signIn()).send({ email: user.email, password: 'Wrong-Passw0rd!' })).status).toBe(401);
  });

  it('keeps working after a restart: changes, uniqueness of emails, revocation', async () => {
    const { admin, tenant } = await t.anMspWithTenant();
    const user = await t.addTenantUser(tenant.id, admin.token);
    const oldUrl = (await enableLink(t, admin.token, tenant.id)).url;

    await t.restart();

    const duplicate = await t
      .as(admin.token)
      .post(paths.users(tenant.id))
      .send({ email: user.email.toUpperCase(), password: user.password, firstName: 'Again', lastName: 'Again', roleId: 'member' });
    expect(duplicate.status).toBe(409);
    const regenerated = await t.as(admin.token).post(paths.regenerate(tenant.id));
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.url).not.toBe(oldUrl);
    expect((await t.anonymous().get(paths.publicLink(tokenOf(oldUrl)))).status).toBe(404);

    await t.restart();

    expect((await t.anonymous().get(paths.publicLink(tokenOf(oldUrl)))).status).toBe(404);
    expect((await t.anonymous().get(paths.publicLink(tokenOf(regenerated.body.url)))).status).toBe(200);
    expect((await t.as(admin.token).get(paths.inviteLink(tenant.id))).body.url).toBe(regenerated.body.url);
  });
});
