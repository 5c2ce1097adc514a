import { useTestApp } from '../support/fixtures';
import { Admin, aStrongPassword, anEmail, paths, unique } from '../support/test-app';

/** "Add Users", the users list and GET /me. */
describe('tenant users', () => {
  const t = useTestApp({ controllableClock: true });
  let admin: Admin;
  let mspId: string;
  let tenantId: string;

  beforeAll(async () => {
    ({ admin, msp: { id: mspId }, tenant: { id: tenantId } } = await t.anMspWithTenant());
  });

  it('adds a user: 201 {userId}, listed as joined by an admin with a password', async () => {
    const body = { email: anEmail('dana'), password: aStrongPassword(), firstName: 'Dana', lastName: 'Scully', roleId: 'technician' };
    const response = await t.as(admin.token).post(paths.users(tenantId)).send(body);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ userId: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const items = (await t.as(admin.token).get(paths.users(tenantId))).body.items;
    expect(items).toContainEqual({
      userId: response.body.userId,
      email: body.email,
      firstName: 'Dana',
      lastName: 'Scully',
      roleId: 'technician',
      joinedAt: expect.any(String),
      joinedVia: 'admin',
      signInMethod: 'password',
      status: 'active',
    });
  });

  it('adds a user with a custom role', async () => {
    const role = (await t.as(admin.token).post(paths.roles(tenantId)).send({ name: unique('Custom') })).body;
    const user = await t.addTenantUser(tenantId, admin.token, { roleId: role.id });
    const token = await t.signIn(user.email, user.password);
    expect((await t.as(token).get(paths.me())).body.memberships).toEqual([{ tenantId, roleId: role.id }]);
  });

  it('refuses an email that is registered already, whatever its case: 409 User already registered, nothing recorded', async () => {
    const email = `${unique('Mixed')}@Example.ORG`;
    await t.addTenantUser(tenantId, admin.token, { email });
    const before = await t.countEvents();
    for (const variant of [email, email.toLowerCase(), email.toUpperCase()]) {
      const response = await t
        .as(admin.token)
        .post(paths.users(tenantId))
        .send({ email: variant, password: aStrongPassword(), firstName: 'Second', lastName: 'Try', roleId: 'member' });
      expect([variant, response.status]).toEqual([variant, 409]);
      expect(response.body).toEqual(expect.objectContaining({ statusCode: 409, message: 'User already registered', error: 'Conflict' }));
    }
    expect(await t.countEvents()).toBe(before);
  });

  it('refuses the email of an MSP admin and of a member of another tenant or MSP', async () => {
    const other = await t.anMspWithTenant();
    const otherUser = await t.addTenantUser(other.tenant.id, other.admin.token);
    for (const email of [admin.email, other.admin.email.toUpperCase(), otherUser.email]) {
      const response = await t
        .as(admin.token)
        .post(paths.users(tenantId))
        .send({ email, password: aStrongPassword(), firstName: 'Dup', lastName: 'Licate', roleId: 'member' });
      expect(response.status).toBe(409);
      expect(response.body.message).toBe('User already registered');
    }
  });

  it('creates exactly one account when the same email is added concurrently', async () => {
    const email = anEmail('concurrent');
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t
          .as(admin.token)
          .post(paths.users(tenantId))
          .send({ email: i % 2 ? email.toUpperCase() : email, password: aStrongPassword(), firstName: 'Con', lastName: `Current${i}`, roleId: 'member' }),
      ),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 409)).toHaveLength(4);
    const items = (await t.as(admin.token).get(paths.users(tenantId)).query({ limit: 100 })).body.items as { email: string }[];
    expect(items.filter((item) => item.email.toLowerCase() === email.toLowerCase())).toHaveLength(1);
  });

  it('lists users newest first, with cursor pagination (limit=2 over 5 users: 3 pages)', async () => {
    const tenant = await t.createTenant(mspId, unique('Paged'), admin.token);
    t.clock.set('2032-05-01T10:00:00.000Z');
    const added = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      added.push(await t.addTenantUser(tenant.id, admin.token, { firstName: `User${i}` }));
    }
    t.clock.useRealTime();
    const newestFirst = [...added].reverse().map((user) => user.userId);

    const pages: { userId: string; joinedAt: string }[][] = [];
    let cursor: string | undefined;
    do {
      const response = await t
        .as(admin.token)
        .get(paths.users(tenant.id))
        .query({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(response.status).toBe(200);
      pages.push(response.body.items);
      cursor = response.body.nextCursor ?? undefined;
      if (pages.length > 5) throw new Error('pagination does not end');
    } while (cursor);

    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((item) => item.userId)).toEqual(newestFirst);
    expect(pages.flat().map((item) => item.joinedAt)).toEqual([5, 4, 3, 2, 1].map((s) => `2032-05-01T10:00:0${s}.000Z`));

    const all = await t.as(admin.token).get(paths.users(tenant.id));
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.items.map((item: { userId: string }) => item.userId)).toEqual(newestFirst);
    const exact = await t.as(admin.token).get(paths.users(tenant.id)).query({ limit: 5 });
    expect(exact.body.nextCursor).toBeNull();
  });

  it('orders users who joined at the same instant stably across pages', async () => {
    const tenant = await t.createTenant(mspId, unique('Ties'), admin.token);
    t.clock.set('2032-06-01T00:00:00.000Z');
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await t.addTenantUser(tenant.id, admin.token)).userId);
    t.clock.useRealTime();
    const first = await t.as(admin.token).get(paths.users(tenant.id)).query({ limit: 2 });
    const second = await t.as(admin.token).get(paths.users(tenant.id)).query({ limit: 2, cursor: first.body.nextCursor });
    const listed = [...first.body.items, ...second.body.items].map((item: { userId: string }) => item.userId);
    expect([...listed].sort()).toEqual([...ids].sort());
    expect(second.body.nextCursor).toBeNull();
  });

  it('lists no user of another tenant', async () => {
    const tenant = await t.createTenant(mspId, unique('Empty'), admin.token);
    expect((await t.as(admin.token).get(paths.users(tenant.id))).body).toEqual({ items: [], nextCursor: null });
  });

  it('shows a tenant user its membership and msp: null on GET /me', async () => {
    const user = await t.addTenantUser(tenantId, admin.token, { firstName: 'Fox', lastName: 'Mulder', roleId: 'read_only' });
    const token = await t.signIn(user.email, user.password);
    const response = await t.as(token).get(paths.me());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: user.userId,
      email: user.email,
      firstName: 'Fox',
      lastName: 'Mulder',
      memberships: [{ tenantId, roleId: 'read_only' }],
      msp: null,
    });
  });

  it('shows an MSP admin its permissions on GET /me', async () => {
    const response = await t.as(admin.token).get(paths.me());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: admin.id,
      email: admin.email,
      firstName: 'Ada',
      lastName: 'Admin',
      memberships: [],
      msp: { mspId, permissions: expect.arrayContaining([...admin.permissions]) },
    });
    expect(response.body.msp.permissions).toHaveLength(admin.permissions.length);
  });

  it('answers GET /me for the operator, which has no account, with 403', async () => {
    expect((await t.operator().get(paths.me())).status).toBe(403);
  });

  it('trims names and never returns a password or a hash', async () => {
    const password = aStrongPassword();
    const response = await t
      .as(admin.token)
      .post(paths.users(tenantId))
      .send({ email: anEmail('trim'), password, firstName: '  Padded ', lastName: ' Name  ', roleId: 'member' });
    expect(response.status).toBe(201);
    const list = await t.as(admin.token).get(paths.users(tenantId)).query({ limit: 100 });
    const listed = list.body.items.find((item: { userId: string }) => item.userId === response.body.userId);
    expect(listed).toEqual(expect.objectContaining({ firstName: 'Padded', lastName: 'Name' }));
    const text = JSON.stringify([response.body, list.body]);
    expect(text).not.toContain(password);
    expect(text).not.toMatch(/passwordHash|\$argon2/);
  });
});
