import { anMspWithAdmin, expectInvalidLink, useTestApp } from '../support/fixtures';
import { Admin, paths, PUBLIC_BASE_URL, tokenOf, unique } from '../support/test-app';

/** R2, R3, R5–R8 and the public look-up of a token. */
describe('invite link lifecycle', () => {
  const t = useTestApp();
  let admin: Admin;
  let mspId: string;

  const URL_PATTERN = new RegExp(`^${PUBLIC_BASE_URL.replace(/\./g, '\\.')}/join/[A-Za-z0-9_-]{43,}$`);

  const newTenant = async () => (await t.createTenant(mspId, unique('Acme'), admin.token)).id;
  const get = (tenantId: string) => t.as(admin.token).get(paths.inviteLink(tenantId));
  const put = (tenantId: string, body: object) => t.as(admin.token).put(paths.inviteLink(tenantId)).send(body);
  const regenerate = (tenantId: string) => t.as(admin.token).post(paths.regenerate(tenantId));
  const lookUp = (token: string) => t.anonymous().get(paths.publicLink(token));
  const expectInvalid = (token: string) => expectInvalidLink(t, token);

  beforeAll(async () => {
    ({ mspId, admin } = await anMspWithAdmin(t));
  });

  it('starts disabled, without a role, domains or url, and available', async () => {
    const tenantId = await newTenant();
    const response = await get(tenantId);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      tenantId,
      enabled: false,
      defaultRoleId: null,
      allowedDomains: [],
      requireEmailVerification: false,
      url: null,
      available: true,
      unavailableReason: null,
    });
  });

  it('enables with a default role and returns a URL with a long URL-safe token that resolves publicly', async () => {
    const tenant = await t.createTenant(mspId, unique('Globex'), admin.token);
    const response = await put(tenant.id, { enabled: true, defaultRoleId: 'member' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      tenantId: tenant.id,
      enabled: true,
      defaultRoleId: 'member',
      allowedDomains: [],
      requireEmailVerification: false,
      url: expect.stringMatching(URL_PATTERN),
      available: true,
      unavailableReason: null,
    });
    expect((await get(tenant.id)).body).toEqual(response.body);
    const resolved = await lookUp(tokenOf(response.body.url));
    expect(resolved.status).toBe(200);
    expect(resolved.body).toEqual({ organizationName: tenant.name, signupMethods: expect.arrayContaining(['password']) });
  });

  it('issues a different token for every tenant', async () => {
    const urls = new Set<string>();
    for (let i = 0; i < 3; i++) urls.add((await put(await newTenant(), { enabled: true, defaultRoleId: 'member' })).body.url);
    expect(urls.size).toBe(3);
  });

  it('disables at once and re-enables the exact same URL (R7)', async () => {
    const tenantId = await newTenant();
    const { url } = (await put(tenantId, { enabled: true, defaultRoleId: 'member' })).body;
    const token = tokenOf(url);

    const disabled = await put(tenantId, { enabled: false });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toEqual(expect.objectContaining({ enabled: false, url: null, defaultRoleId: 'member', available: true }));
    await expectInvalid(token);

    const enabled = await put(tenantId, { enabled: true });
    expect(enabled.status).toBe(200);
    expect(enabled.body.url).toBe(url);
    expect((await lookUp(token)).status).toBe(200);
  });

  it('keeps the URL when the default role changes, to a built-in or a custom role (R5)', async () => {
    const tenantId = await newTenant();
    const { url } = (await put(tenantId, { enabled: true, defaultRoleId: 'member' })).body;
    const technician = await put(tenantId, { defaultRoleId: 'technician' });
    expect(technician.body).toEqual(expect.objectContaining({ enabled: true, defaultRoleId: 'technician', url }));

    const custom = await t.as(admin.token).post(paths.roles(tenantId)).send({ name: 'Help Desk' });
    const changed = await put(tenantId, { defaultRoleId: custom.body.id });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual(expect.objectContaining({ defaultRoleId: custom.body.id, url }));
    expect((await lookUp(tokenOf(url))).status).toBe(200);
  });

  it('keeps the URL when the allowed domains change (R6)', async () => {
    const tenantId = await newTenant();
    const { url } = (await put(tenantId, { enabled: true, defaultRoleId: 'member' })).body;
    const first = await put(tenantId, { allowedDomains: [`${unique('r6').toLowerCase()}.example`] });
    expect(first.body.url).toBe(url);
    const cleared = await put(tenantId, { allowedDomains: [] });
    expect(cleared.body).toEqual(expect.objectContaining({ allowedDomains: [], url, enabled: true }));
  });

  it('does not accept a role of another tenant', async () => {
    const otherTenant = await newTenant();
    const custom = await t.as(admin.token).post(paths.roles(otherTenant)).send({ name: 'Elsewhere' });
    const tenantId = await newTenant();
    const before = await t.countEvents();
    const response = await put(tenantId, { enabled: true, defaultRoleId: custom.body.id });
    expect(response.status).toBe(422);
    expect(response.body.message).toContain('defaultRoleId');
    expect(await t.countEvents()).toBe(before);
  });

  it('regenerates: a new URL, the old token invalid at once and forever, the new one valid (R8)', async () => {
    const tenant = await t.createTenant(mspId, unique('Initech'), admin.token);
    const { url: oldUrl } = (await put(tenant.id, { enabled: true, defaultRoleId: 'member', allowedDomains: ['initech.example'] })).body;

    const regenerated = await regenerate(tenant.id);
    expect(regenerated.status).toBe(200);
    expect(regenerated.body).toEqual({
      tenantId: tenant.id,
      enabled: true,
      defaultRoleId: 'member',
      allowedDomains: ['initech.example'],
      requireEmailVerification: false,
      url: expect.stringMatching(URL_PATTERN),
      available: true,
      unavailableReason: null,
    });
    expect(regenerated.body.url).not.toBe(oldUrl);
    await expectInvalid(tokenOf(oldUrl));
    const resolved = await lookUp(tokenOf(regenerated.body.url));
    expect(resolved.status).toBe(200);
    expect(resolved.body.organizationName).toBe(tenant.name);

    // Disabling and enabling again brings back the new link, never the old one.
    await put(tenant.id, { enabled: false });
    const enabled = await put(tenant.id, { enabled: true });
    expect(enabled.body.url).toBe(regenerated.body.url);
    await expectInvalid(tokenOf(oldUrl));
    expect((await get(tenant.id)).body.url).toBe(regenerated.body.url);
  });

  it('keeps a disabled link disabled when regenerating, and retires the old token (R8)', async () => {
    const tenantId = await newTenant();
    const { url: oldUrl } = (await put(tenantId, { enabled: true, defaultRoleId: 'member' })).body;
    await put(tenantId, { enabled: false });

    const regenerated = await regenerate(tenantId);
    expect(regenerated.status).toBe(200);
    expect(regenerated.body).toEqual(expect.objectContaining({ enabled: false, url: null, defaultRoleId: 'member' }));

    const enabled = await put(tenantId, { enabled: true });
    expect(enabled.body.url).toEqual(expect.stringMatching(URL_PATTERN));
    expect(enabled.body.url).not.toBe(oldUrl);
    await expectInvalid(tokenOf(oldUrl));
    expect((await lookUp(tokenOf(enabled.body.url))).status).toBe(200);
  });

  it('lets a never-enabled link be regenerated, then enabled with a working URL', async () => {
    const tenantId = await newTenant();
    const regenerated = await regenerate(tenantId);
    expect(regenerated.status).toBe(200);
    expect(regenerated.body).toEqual(expect.objectContaining({ enabled: false, url: null }));
    const enabled = await put(tenantId, { enabled: true, defaultRoleId: 'member' });
    expect(enabled.body.url).toEqual(expect.stringMatching(URL_PATTERN));
    expect((await lookUp(tokenOf(enabled.body.url))).status).toBe(200);
  });

  it('regenerates many times, each token retiring the previous ones', async () => {
    const tenantId = await newTenant();
    const urls = [(await put(tenantId, { enabled: true, defaultRoleId: 'member' })).body.url as string];
    for (let i = 0; i < 3; i++) urls.push((await regenerate(tenantId)).body.url);
    expect(new Set(urls).size).toBe(4);
    for (const url of urls.slice(0, -1)) await expectInvalid(tokenOf(url));
    expect((await lookUp(tokenOf(urls[3]))).status).toBe(200);
  });

  it('answers every invalid token the same way (R16)', async () => {
    await expectInvalid('A'.repeat(43));
    await expectInvalid('short');
    await expectInvalid('x'.repeat(500));
    await expectInvalid('..%2F..%2Fetc');
    const tenantId = await newTenant();
    const { url } = (await put(tenantId, { enabled: true, defaultRoleId: 'member' })).body;
    const token = tokenOf(url);
    await expectInvalid(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`);
    await expectInvalid(`${token}x`);
  });

  it('records nothing for a change that changes nothing', async () => {
    const tenantId = await newTenant();
    await put(tenantId, { enabled: true, defaultRoleId: 'member', allowedDomains: ['same.example'] });
    const before = await t.countEvents();
    const response = await put(tenantId, { enabled: true, defaultRoleId: 'member', allowedDomains: [' SAME.example '] });
    expect(response.status).toBe(200);
    expect(await t.countEvents()).toBe(before);
    await put(tenantId, { enabled: false });
    const afterDisable = await t.countEvents();
    expect((await put(tenantId, { enabled: false })).status).toBe(200);
    expect(await t.countEvents()).toBe(afterDisable);
  });

  it('lets the role and domains be set while the link is disabled', async () => {
    const tenantId = await newTenant();
    const response = await put(tenantId, { defaultRoleId: 'read_only', allowedDomains: 'disabled-setup.example' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(
      expect.objectContaining({ enabled: false, url: null, defaultRoleId: 'read_only', allowedDomains: ['disabled-setup.example'] }),
    );
    const enabled = await put(tenantId, { enabled: true });
    expect(enabled.body).toEqual(expect.objectContaining({ enabled: true, defaultRoleId: 'read_only', url: expect.stringMatching(URL_PATTERN) }));
  });

  describe('normalizes allowed domains (R3)', () => {
    it.each<[string, unknown, string[]]>([
      ['trims, lower-cases and drops a leading @', [' @Acme.COM '], ['acme.com']],
      ['converts IDN to punycode', ['bücher.de'], ['xn--bcher-kva.de']],
      ['merges duplicates after normalization', ['acme.com', 'ACME.com', '@acme.com', ' acme.com '], ['acme.com']],
      ['keeps subdomains as separate entries', ['acme.com', 'eu.acme.com'], ['acme.com', 'eu.acme.com']],
      ['drops a trailing dot', ['acme.com.'], ['acme.com']],
      ['splits one string on commas and newlines', 'b.example, a.example\nc.example\r\n@D.example,,\n', ['b.example', 'a.example', 'c.example', 'd.example']],
      ["keeps the admin's order, each duplicate where it first appears", ['zeta.example', 'acme.example', 'ZETA.example', 'mid.example'], ['zeta.example', 'acme.example', 'mid.example']],
      ['accepts an IDN inside a string', 'Bücher.DE, münchen.de', ['xn--bcher-kva.de', 'xn--mnchen-3ya.de']],
      ['treats an empty string as any domain', '', []],
      ['ignores blank entries', ['', '  ', 'x.example'], ['x.example']],
    ])('%s', async (_name, allowedDomains, expected) => {
      // A tenant of an MSP of its own, so that the same domains can be used in every case (R4).
      const msp = await t.createMsp();
      const tenantId = (await t.createTenant(msp.id)).id;
      const response = await t.operator().put(paths.inviteLink(tenantId)).send({ allowedDomains });
      expect(response.status).toBe(200);
      expect(response.body.allowedDomains).toEqual(expected);
      expect((await t.operator().get(paths.inviteLink(tenantId))).body.allowedDomains).toEqual(expected);
    });
  });
});
