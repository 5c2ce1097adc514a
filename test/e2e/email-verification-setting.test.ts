import { expectErrorShape } from '../support/assertions';
import { everyKindOfCaller, useTestApp } from '../support/fixtures';
import { Admin, paths, SSO_CONFIG, TestApp, unique } from '../support/test-app';

/**
 * The invite link's `requireEmailVerification` setting through the API: read and changed with
 * the other settings, one InviteLinkEmailVerificationSet per change, in the history and in `?at=`
 * replays, and refused (whole request, nothing written) when turning it on on a service without
 * mail. Whether signups then wait for a confirmation is the signup's business, not tested here.
 */

const MAIL_NOT_CONFIGURED =
  'requireEmailVerification: email verification sends mail; set SMTP_URL (and MAIL_FROM) on the service first';

/** The InviteLinkEmailVerificationSet events of one tenant, oldest first. */
async function verificationEvents(t: TestApp, tenantId: string) {
  return (await t.readAllEvents()).filter(
    (event) => event.streamName === `tenant-${tenantId}` && event.type === 'InviteLinkEmailVerificationSet',
  );
}

describe('requireEmailVerification on a service with mail (SMTP_URL set)', () => {
  // The setting alone never sends anything: a server that is never dialled will do.
  const t = useTestApp({ controllableClock: true, env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
  const T0 = new Date('2031-06-01T09:00:00.000Z');
  const minute = (n: number) => new Date(T0.getTime() + n * 60_000);
  let world: Awaited<ReturnType<typeof everyKindOfCaller>>;
  let manager: Admin;

  const newTenant = async () => (await t.createTenant(world.msp.id, unique('Verified'), manager.token)).id;
  const get = (tenantId: string, token = manager.token) => t.as(token).get(paths.inviteLink(tenantId));
  const put = (tenantId: string, body: object, token = manager.token) => t.as(token).put(paths.inviteLink(tenantId)).send(body);

  beforeAll(async () => {
    t.clock.set(minute(-10));
    world = await everyKindOfCaller(t);
    manager = world.manager;
  });

  it('starts off, and every answer of the link carries it', async () => {
    const tenantId = await newTenant();
    const read = await get(tenantId);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(expect.objectContaining({ requireEmailVerification: false }));
    const changed = await put(tenantId, { defaultRoleId: 'member' });
    expect(changed.body).toEqual(expect.objectContaining({ requireEmailVerification: false }));
    const regenerated = await t.as(manager.token).post(paths.regenerate(tenantId));
    expect(regenerated.body).toEqual(expect.objectContaining({ requireEmailVerification: false }));
  });

  it('turns on and off: one InviteLinkEmailVerificationSet per change, by the admin; PUT and GET answer it; the URL stays', async () => {
    const tenantId = await newTenant();
    const { url } = (await put(tenantId, { enabled: true, defaultRoleId: 'member' })).body;

    const on = await put(tenantId, { requireEmailVerification: true });
    expect(on.status).toBe(200);
    expect(on.body).toEqual(expect.objectContaining({ requireEmailVerification: true, enabled: true, url }));
    expect((await get(tenantId)).body).toEqual(on.body);

    const off = await put(tenantId, { requireEmailVerification: false });
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ ...on.body, requireEmailVerification: false });
    expect((await get(tenantId)).body).toEqual(off.body);

    const events = await verificationEvents(t, tenantId);
    expect(events.map((event) => event.data)).toEqual([{ requireEmailVerification: true }, { requireEmailVerification: false }]);
    for (const event of events) expect(event.metadata.actor).toEqual({ type: 'msp_admin', id: manager.id });
  });

  it('records nothing when it is unchanged: true again, or false while off', async () => {
    const tenantId = await newTenant();
    const before = await t.countEvents();
    expect((await put(tenantId, { requireEmailVerification: false })).status).toBe(200);
    expect(await t.countEvents()).toBe(before);
    expect((await put(tenantId, { requireEmailVerification: true })).status).toBe(200);
    const once = await t.countEvents();
    expect(once).toBe(before + 1);
    const again = await put(tenantId, { requireEmailVerification: true });
    expect(again.status).toBe(200);
    expect(again.body.requireEmailVerification).toBe(true);
    expect(await t.countEvents()).toBe(once);
  });

  it('can be prepared on a disabled link, and is recorded before the enabling when one save does both', async () => {
    const prepared = await newTenant();
    const off = await put(prepared, { requireEmailVerification: true });
    expect(off.body).toEqual(expect.objectContaining({ enabled: false, url: null, requireEmailVerification: true }));

    const tenantId = await newTenant();
    const both = await put(tenantId, { enabled: true, defaultRoleId: 'member', allowedDomains: ['verified.example'], requireEmailVerification: true });
    expect(both.status).toBe(200);
    expect(both.body).toEqual(expect.objectContaining({ enabled: true, requireEmailVerification: true, allowedDomains: ['verified.example'] }));
    const types = (await t.readAllEvents())
      .filter((event) => event.streamName === `tenant-${tenantId}` && event.type.startsWith('InviteLink'))
      .map((event) => event.type);
    expect(types).toEqual([
      'InviteLinkDefaultRoleChanged',
      'InviteLinkAllowedDomainsChanged',
      'InviteLinkEmailVerificationSet',
      'InviteLinkEnabled',
    ]);
  });

  it('refuses anything but a boolean with 400 naming the field, and records nothing', async () => {
    const tenantId = await newTenant();
    const before = await t.countEvents();
    for (const value of ['yes', 'true', 1, null, {}]) {
      const response = await put(tenantId, { requireEmailVerification: value });
      expect([value, response.status, response.body.code, response.body.fields]).toEqual([value, 400, 'invalid_request', ['requireEmailVerification']]);
      expect(response.body.message).toEqual([expect.stringMatching(/^requireEmailVerification /)]);
    }
    expect(await t.countEvents()).toBe(before);
  });

  it('answers ?at= with the setting as it was then', async () => {
    const tenantId = await newTenant();
    const at = (instant: Date) => t.as(manager.token).get(`${paths.inviteLink(tenantId)}?at=${instant.toISOString()}`);
    t.clock.set(minute(1));
    await put(tenantId, { requireEmailVerification: true });
    t.clock.set(minute(3));
    await put(tenantId, { requireEmailVerification: false });
    t.clock.set(minute(10));

    const before = await at(minute(0));
    expect(before.status).toBe(200);
    expect(before.body.requireEmailVerification).toBe(false);
    expect((await at(minute(1))).body.requireEmailVerification).toBe(true);
    expect((await at(minute(2))).body.requireEmailVerification).toBe(true);
    expect((await at(minute(3))).body.requireEmailVerification).toBe(false);
    expect((await at(minute(5))).body).toEqual((await get(tenantId)).body);
  });

  it('lists each change in the history, with its data and the admin who made it', async () => {
    const tenantId = await newTenant();
    await put(tenantId, { requireEmailVerification: true });
    await put(tenantId, { requireEmailVerification: false });
    const history = await t.as(manager.token).get(`${paths.history(tenantId)}?type=InviteLinkEmailVerificationSet`);
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        type: 'InviteLinkEmailVerificationSet',
        data: { requireEmailVerification: true },
        actor: { type: 'msp_admin', id: manager.id },
        actorName: expect.stringContaining(`<${manager.email}>`),
      }),
      expect.objectContaining({ type: 'InviteLinkEmailVerificationSet', data: { requireEmailVerification: false } }),
    ]);
    const all = await t.as(manager.token).get(paths.history(tenantId));
    expect(all.body.items.map((item: { type: string }) => item.type)).toEqual(['InviteLinkEmailVerificationSet', 'InviteLinkEmailVerificationSet']);
  });

  it('lets an admin who may only read see it but not change it (403, nothing written)', async () => {
    const { tenant, auditor } = world;
    await put(tenant.id, { requireEmailVerification: true });
    const read = await get(tenant.id, auditor.token);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(expect.objectContaining({ requireEmailVerification: true, url: null }));

    const before = await t.countEvents();
    const refused = await put(tenant.id, { requireEmailVerification: false }, auditor.token);
    expect(refused.status).toBe(403);
    expectErrorShape(refused, 403);
    expect(refused.body.code).toBe('missing_permission');
    expect(await t.countEvents()).toBe(before);
    expect((await get(tenant.id)).body.requireEmailVerification).toBe(true);
  });

  it("answers an admin of another MSP 404 for reading and for changing it, exactly as for a tenant that does not exist", async () => {
    const { tenant, other } = world;
    const before = await t.countEvents();
    for (const response of [await get(tenant.id, other.admin.token), await put(tenant.id, { requireEmailVerification: true }, other.admin.token)]) {
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('tenant_not_found');
    }
    expect(await t.countEvents()).toBe(before);
  });

  it('on an SSO tenant, can be changed like the other settings while the link stays unavailable', async () => {
    const tenantId = await newTenant();
    expect((await t.operator().put(paths.sso(tenantId)).send(SSO_CONFIG)).status).toBe(200);
    const changed = await put(tenantId, { requireEmailVerification: true });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual(expect.objectContaining({ requireEmailVerification: true, available: false, enabled: false }));
  });

  it('is refused with the other settings of a canceled tenant (409, nothing written)', async () => {
    const tenantId = await newTenant();
    expect((await t.operator().post(paths.cancel(tenantId))).status).toBe(200);
    const before = await t.countEvents();
    const refused = await put(tenantId, { requireEmailVerification: true });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('tenant_canceled');
    expect(await t.countEvents()).toBe(before);
  });
});

describe('requireEmailVerification on a service without mail (SMTP_URL unset)', () => {
  const t = useTestApp();
  let manager: Admin;
  let mspId: string;

  const newTenant = async () => (await t.createTenant(mspId, unique('Unverified'), manager.token)).id;
  const put = (tenantId: string, body: object) => t.as(manager.token).put(paths.inviteLink(tenantId)).send(body);

  beforeAll(async () => {
    const world = await t.anMspWithTenant();
    manager = world.admin;
    mspId = world.msp.id;
  });

  it('refuses to turn it on: 422 mail_not_configured naming SMTP_URL and the field, nothing written', async () => {
    const tenantId = await newTenant();
    const linkBefore = (await t.as(manager.token).get(paths.inviteLink(tenantId))).body;
    const before = await t.countEvents();
    const refused = await put(tenantId, { requireEmailVerification: true });
    expect(refused.status).toBe(422);
    expectErrorShape(refused, 422);
    expect(refused.body).toEqual(
      expect.objectContaining({ statusCode: 422, code: 'mail_not_configured', message: MAIL_NOT_CONFIGURED, field: 'requireEmailVerification' }),
    );
    expect(await t.countEvents()).toBe(before);
    expect((await t.as(manager.token).get(paths.inviteLink(tenantId))).body).toEqual(linkBefore);
  });

  it('refuses the whole request, its valid parts included', async () => {
    const tenantId = await newTenant();
    const before = await t.countEvents();
    const refused = await put(tenantId, { enabled: true, defaultRoleId: 'member', allowedDomains: ['nomail.example'], requireEmailVerification: true });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('mail_not_configured');
    expect(await t.countEvents()).toBe(before);
    expect((await t.as(manager.token).get(paths.inviteLink(tenantId))).body).toEqual(
      expect.objectContaining({ enabled: false, defaultRoleId: null, allowedDomains: [], requireEmailVerification: false }),
    );
  });

  it('accepts false, which needs no mail, and records nothing for it', async () => {
    const tenantId = await newTenant();
    const before = await t.countEvents();
    const response = await put(tenantId, { requireEmailVerification: false, defaultRoleId: 'member' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(expect.objectContaining({ requireEmailVerification: false, defaultRoleId: 'member' }));
    expect(await t.countEvents()).toBe(before + 1);
    expect(await verificationEvents(t, tenantId)).toEqual([]);
  });
});
