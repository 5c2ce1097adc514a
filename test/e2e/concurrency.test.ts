import { anMspWithAdmin, useTestApp } from '../support/fixtures';
import { Admin, aStrongPassword, anEmail, paths, tokenOf, unique } from '../support/test-app';

/** Invariants that must hold whatever the interleaving of concurrent requests. */
describe('concurrent changes', () => {
  const t = useTestApp();
  let admin: Admin;
  let mspId: string;

  beforeAll(async () => {
    ({ mspId, admin } = await anMspWithAdmin(t));
  });

  const put = (tenantId: string, body: object) => t.as(admin.token).put(paths.inviteLink(tenantId)).send(body);

  it('keeps sibling claims exactly in line with the allowed domains after parallel changes of one tenant (R4)', async () => {
    const tenant = await t.createTenant(mspId, unique('Busy'), admin.token);
    const sibling = await t.createTenant(mspId, unique('Sibling'), admin.token);
    const domains = Array.from({ length: 8 }, (_, i) => `${unique(`busy${i}`).toLowerCase()}.example`);

    const responses = await Promise.all(domains.map((domain) => put(tenant.id, { allowedDomains: [domain] })));
    for (const response of responses) {
      // A retried update may give up with 409, but never with anything else.
      expect([200, 409]).toContain(response.status);
    }
    expect(responses.some((response) => response.status === 200)).toBe(true);
    const kept = (await t.as(admin.token).get(paths.inviteLink(tenant.id))).body.allowedDomains as string[];
    expect(kept).toHaveLength(1);
    expect(domains).toContain(kept[0]);

    // The domain the tenant lists is refused to its sibling; every other one is free.
    for (const domain of domains) {
      const response = await put(sibling.id, { allowedDomains: [domain] });
      expect([domain, response.status]).toEqual([domain, domain === kept[0] ? 409 : 200]);
    }
  });

  it('leaves exactly one valid token after parallel regenerations (one link per tenant)', async () => {
    const tenant = await t.createTenant(mspId, unique('Regen'), admin.token);
    const first = (await put(tenant.id, { enabled: true, defaultRoleId: 'member' })).body.url as string;
    const responses = await Promise.all(Array.from({ length: 6 }, () => t.as(admin.token).post(paths.regenerate(tenant.id))));
    for (const response of responses) expect(response.status).toBe(200);

    const current = (await t.as(admin.token).get(paths.inviteLink(tenant.id))).body.url as string;
    const all = [first, ...responses.map((response) => response.body.url as string)];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain(current);
    for (const url of all) {
      const status = (await t.anonymous().get(paths.publicLink(tokenOf(url)))).status;
      expect([url === current, status]).toEqual([url === current, url === current ? 200 : 404]);
    }
    const regenerations = (await t.as(admin.token).get(paths.history(tenant.id))).body.items.filter(
      (item: { type: string }) => item.type === 'InviteLinkRegenerated',
    );
    expect(regenerations).toHaveLength(6);
  });

  it('ends in the state of the last recorded change after parallel enables and disables', async () => {
    const tenant = await t.createTenant(mspId, unique('Toggle'), admin.token);
    await put(tenant.id, { defaultRoleId: 'member' });
    await Promise.all(Array.from({ length: 10 }, (_, i) => put(tenant.id, { enabled: i % 2 === 0 })));
    const view = (await t.as(admin.token).get(paths.inviteLink(tenant.id))).body;
    const items = (await t.as(admin.token).get(paths.history(tenant.id))).body.items as { type: string }[];
    const toggles = items.filter((item) => item.type === 'InviteLinkEnabled' || item.type === 'InviteLinkDisabled');
    // Never two enables or two disables in a row: each event is a real change.
    toggles.forEach((item, i) => i > 0 && expect(item.type).not.toBe(toggles[i - 1].type));
    expect(view.enabled).toBe(toggles.at(-1)?.type === 'InviteLinkEnabled');
  });

  it('never leaves half an account when a tenant is canceled while a user is being added (R18)', async () => {
    for (let round = 0; round < 6; round++) {
      const tenant = await t.createTenant(mspId, unique('Race'), admin.token);
      const email = anEmail(`race${round}`);
      const password = aStrongPassword();
      const [added, canceled] = await Promise.all([
        t.as(admin.token).post(paths.users(tenant.id)).send({ email, password, firstName: 'Race', lastName: 'Condition', roleId: 'member' }),
        t.as(admin.token).post(paths.cancel(tenant.id)),
      ]);
      expect(canceled.status).toBe(200);
      const listed = (await t.as(admin.token).get(paths.users(tenant.id))).body.items as { email: string }[];
      if (added.status === 201) {
        expect(listed.map((item) => item.email)).toEqual([email]);
        expect((await t.anonymous().post(paths.signIn()).send({ email, password })).status).toBe(200);
      } else {
        expect(added.status).toBe(409);
        expect(listed).toEqual([]);
        // No credential without a membership, no reserved email without an account.
        expect((await t.anonymous().post(paths.signIn()).send({ email, password })).status).toBe(401);
        const elsewhere = await t.createTenant(mspId, unique('Elsewhere'), admin.token);
        const retried = await t.addTenantUser(elsewhere.id, admin.token, { email, password: aStrongPassword() });
        expect(retried.userId).toEqual(expect.any(String));
      }
    }
  });
});
