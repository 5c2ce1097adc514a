import { anMspWithAdmin, useTestApp } from '../support/fixtures';
import { Admin, aStrongPassword, anEmail, paths, unique } from '../support/test-app';

/** MSPs, their admins, tenants and roles. */
describe('tenant directory', () => {
  const t = useTestApp();

  describe('MSPs and their admins (operator)', () => {
    it('creates an MSP: 201 {id, name}', async () => {
      const response = await t.operator().post(paths.msps()).send({ name: 'Contoso IT Services' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Contoso IT Services' });
    });

    it('creates an MSP admin: 201 {id}, who can sign in and manage the MSP', async () => {
      const msp = await t.createMsp();
      const email = anEmail('first-admin');
      const password = aStrongPassword();
      const response = await t
        .operator()
        .post(paths.admins(msp.id))
        .send({ email, password, firstName: 'First', lastName: 'Admin', permissions: ['manage_user_roles', 'view_audit_log'] });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      const token = await t.signIn(email, password);
      const me = (await t.as(token).get(paths.me())).body;
      expect(me).toEqual(
        expect.objectContaining({ id: response.body.id, email, msp: { mspId: msp.id, permissions: ['manage_user_roles', 'view_audit_log'] } }),
      );
      expect((await t.as(token).post(paths.tenants(msp.id)).send({ name: 'By the admin' })).status).toBe(201);
    });

    it('merges repeated permissions', async () => {
      const msp = await t.createMsp();
      const email = anEmail('dup-perms');
      const password = aStrongPassword();
      await t
        .operator()
        .post(paths.admins(msp.id))
        .send({ email, password, firstName: 'Dup', lastName: 'Perms', permissions: ['view_audit_log', 'view_audit_log'] });
      const me = (await t.as(await t.signIn(email, password)).get(paths.me())).body;
      expect(me.msp.permissions).toEqual(['view_audit_log']);
    });

    it('refuses an admin email that is registered already (409), recording nothing', async () => {
      const msp = await t.createMsp();
      const admin = await t.createAdmin(msp.id);
      const before = await t.countEvents();
      const response = await t
        .operator()
        .post(paths.admins(msp.id))
        .send({ email: admin.email.toUpperCase(), password: aStrongPassword(), firstName: 'A', lastName: 'B', permissions: ['manage_user_roles'] });
      expect(response.status).toBe(409);
      expect(response.body.message).toBe('User already registered');
      expect(await t.countEvents()).toBe(before);
    });
  });

  describe('tenants', () => {
    let admin: Admin;
    let mspId: string;

    beforeAll(async () => {
      ({ mspId, admin } = await anMspWithAdmin(t));
    });

    it('creates a tenant: 201 {id, name, mspId}, listed oldest first with status active', async () => {
      const first = await t.as(admin.token).post(paths.tenants(mspId)).send({ name: '  Acme Corp ' });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Acme Corp', mspId });
      const second = await t.createTenant(mspId, 'Globex', admin.token);
      const list = await t.as(admin.token).get(paths.tenants(mspId));
      expect(list.status).toBe(200);
      expect(list.body).toEqual({
        items: [
          { id: first.body.id, name: 'Acme Corp', status: 'active' },
          { id: second.id, name: 'Globex', status: 'active' },
        ],
      });
    });

    it('lists only the tenants of the MSP', async () => {
      const other = await t.anMspWithTenant();
      const mine = (await t.as(admin.token).get(paths.tenants(mspId))).body.items.map((item: { id: string }) => item.id);
      expect(mine).not.toContain(other.tenant.id);
      expect((await t.as(other.admin.token).get(paths.tenants(other.msp.id))).body.items).toEqual([
        { id: other.tenant.id, name: other.tenant.name, status: 'active' },
      ]);
    });

    it('answers 404 for tenants of an MSP that does not exist', async () => {
      expect((await t.operator().post(paths.tenants('00000000-0000-4000-8000-000000000000')).send({ name: 'x' })).status).toBe(404);
    });
  });

  describe('roles', () => {
    let admin: Admin;
    let tenantId: string;

    beforeAll(async () => {
      ({ admin, tenant: { id: tenantId } } = await t.anMspWithTenant());
    });

    it('gives a new tenant at least 3 built-in roles', async () => {
      const response = await t.as(admin.token).get(paths.roles(tenantId));
      expect(response.status).toBe(200);
      const items = response.body.items as { id: string; name: string; builtIn: boolean }[];
      expect(items.length).toBeGreaterThanOrEqual(3);
      for (const role of items) expect(role).toEqual({ id: expect.any(String), name: expect.any(String), builtIn: true });
      expect(new Set(items.map((role) => role.id)).size).toBe(items.length);
    });

    it('creates a custom role: 201 {id, name, builtIn: false}, listed and usable', async () => {
      const response = await t.as(admin.token).post(paths.roles(tenantId)).send({ name: 'Help Desk' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ id: expect.any(String), name: 'Help Desk', builtIn: false });
      const items = (await t.as(admin.token).get(paths.roles(tenantId))).body.items;
      expect(items).toContainEqual(response.body);
      const linked = await t.as(admin.token).put(paths.inviteLink(tenantId)).send({ defaultRoleId: response.body.id });
      expect(linked.status).toBe(200);
    });

    it('refuses a duplicate name, whatever its case, with 409, recording nothing', async () => {
      await t.as(admin.token).post(paths.roles(tenantId)).send({ name: 'Night Shift' });
      const builtInName = (await t.as(admin.token).get(paths.roles(tenantId))).body.items[0].name as string;
      const before = await t.countEvents();
      for (const name of ['Night Shift', 'night shift', ' NIGHT SHIFT ', builtInName.toUpperCase()]) {
        const response = await t.as(admin.token).post(paths.roles(tenantId)).send({ name });
        expect([name, response.status]).toEqual([name, 409]);
        expect(response.body).toEqual(expect.objectContaining({ statusCode: 409, error: 'Conflict' }));
      }
      expect(await t.countEvents()).toBe(before);
    });

    it('lets another tenant use the same role name', async () => {
      const other = await t.createTenant(admin.mspId, unique('Other'), admin.token);
      expect((await t.as(admin.token).post(paths.roles(other.id)).send({ name: 'Night Shift' })).status).toBe(201);
    });

    it('keeps the roles of each tenant apart', async () => {
      const other = await t.createTenant(admin.mspId, unique('Apart'), admin.token);
      const custom = (await t.as(admin.token).post(paths.roles(tenantId)).send({ name: unique('Only here') })).body;
      const items = (await t.as(admin.token).get(paths.roles(other.id))).body.items;
      expect(items).not.toContainEqual(custom);
    });
  });
});
