import { anMspWithAdmin, useTestApp } from '../support/fixtures';
import { Admin, paths, unique } from '../support/test-app';

/** R4: an allowed domain belongs to at most one tenant among the siblings of an MSP. */
describe('allowed domains are unique among sibling tenants (R4)', () => {
  const SIBLINGS = 20;
  const t = useTestApp();
  let mspId: string;
  let admin: Admin;
  let siblings: { id: string }[];

  const put = (tenantId: string, allowedDomains: unknown, token = admin.token) =>
    t.as(token).put(paths.inviteLink(tenantId)).send({ allowedDomains });
  const domainsOf = async (tenantId: string): Promise<string[]> =>
    (await t.as(admin.token).get(paths.inviteLink(tenantId))).body.allowedDomains;

  beforeAll(async () => {
    ({ mspId, admin } = await anMspWithAdmin(t));
    siblings = [];
    for (let i = 0; i < SIBLINGS; i++) siblings.push(await t.createTenant(mspId, `Sibling ${i}`, admin.token));
  });

  it('lets exactly one of 20 parallel claims of one domain win; the others get 409 naming the domain', async () => {
    const domain = `${unique('race').toLowerCase()}.example`;
    const responses = await Promise.all(siblings.map((tenant) => put(tenant.id, [domain])));

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(SIBLINGS - 1);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(response.body).toEqual(expect.objectContaining({ statusCode: 409, error: 'Conflict' }));
      expect(JSON.stringify(response.body.message)).toContain(domain);
    }

    const winnerIndex = statuses.indexOf(200);
    expect(responses[winnerIndex].body.allowedDomains).toEqual([domain]);
    const owners: number[] = [];
    for (const [index, tenant] of siblings.entries()) if ((await domainsOf(tenant.id)).includes(domain)) owners.push(index);
    expect(owners).toEqual([winnerIndex]);
  });

  it('leaves nothing claimed by the losers of a race over several domains', async () => {
    const contested = `${unique('race2').toLowerCase()}.example`;
    const own = siblings.map((_, i) => `${unique(`own${i}`).toLowerCase()}.example`);
    const responses = await Promise.all(siblings.map((tenant, i) => put(tenant.id, [contested, own[i]])));
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    const winner = responses.findIndex((response) => response.status === 200);
    // Each loser's own domain is free for its neighbour: nothing of a refused update was kept.
    for (const [i, response] of responses.entries()) {
      if (i === winner) continue;
      expect(response.status).toBe(409);
      const neighbour = siblings[(i + 1) % SIBLINGS];
      if ((i + 1) % SIBLINGS === winner) continue;
      const claimed = await put(neighbour.id, [own[i]]);
      expect([own[i], claimed.status]).toEqual([own[i], 200]);
    }
  });

  describe('after a contested claim', () => {
    const domain = 'shared-owner.example';
    let owner: string;
    let others: string[];

    beforeAll(async () => {
      [owner, ...others] = siblings.slice(0, 4).map((tenant) => tenant.id);
      expect((await put(owner, [domain, 'only-owner.example'])).status).toBe(200);
    });

    it('refuses a sibling whatever the spelling of the domain, naming it in normalized form, and records nothing', async () => {
      const before = await t.countEvents();
      for (const spelling of [domain, ` @${domain.toUpperCase()} `, `${domain}.`, `other.example, ${domain}`]) {
        const response = await put(others[0], spelling);
        expect([spelling, response.status]).toEqual([spelling, 409]);
        expect(response.body.message).toContain(domain);
      }
      expect(await t.countEvents()).toBe(before);
      expect(await domainsOf(others[0])).toEqual([]);
    });

    it('names every conflicting domain at once', async () => {
      const response = await put(others[0], ['free-domain.example', domain, 'only-owner.example']);
      expect(response.status).toBe(409);
      expect(response.body.message).toContain(domain);
      expect(response.body.message).toContain('only-owner.example');
      expect(response.body.message).not.toContain('free-domain.example');
    });

    it('lets the owner save its own domains again', async () => {
      const response = await put(owner, [domain, 'only-owner.example', 'owner-extra.example']);
      expect(response.status).toBe(200);
      expect(response.body.allowedDomains).toEqual([domain, 'only-owner.example', 'owner-extra.example']);
    });

    it('lets a tenant of another MSP use the same domain', async () => {
      const other = await t.anMspWithTenant();
      const response = await put(other.tenant.id, [domain], other.admin.token);
      expect(response.status).toBe(200);
      expect(response.body.allowedDomains).toEqual([domain]);
    });

    it('frees the domain for a sibling once the owner removes it', async () => {
      expect((await put(owner, ['only-owner.example'])).status).toBe(200);
      const claimed = await put(others[1], [domain]);
      expect(claimed.status).toBe(200);
      expect(claimed.body.allowedDomains).toEqual([domain]);
      // ...and now the former owner is the one refused.
      const refused = await put(owner, [domain]);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain(domain);
    });

    it('frees the domains of a canceled tenant for its siblings', async () => {
      const canceledOwner = others[1];
      expect((await t.as(admin.token).post(paths.cancel(canceledOwner))).status).toBe(200);
      const claimed = await put(others[2], [domain]);
      expect(claimed.status).toBe(200);
      expect(claimed.body.allowedDomains).toEqual([domain]);
    });

    it('frees the domains when they are cleared with an empty string', async () => {
      expect((await put(owner, '')).body.allowedDomains).toEqual([]);
      expect((await put(others[0], 'only-owner.example')).status).toBe(200);
    });
  });
});
