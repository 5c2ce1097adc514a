import { expectFieldError } from '../support/assertions';
import { anMspWithTenant, useTestApp } from '../support/fixtures';
import { Admin, aStrongPassword, anEmail, Client, paths, SSO_CONFIG, unique } from '../support/test-app';

/**
 * docs/http-api.md: "Validation errors are 400 or 422 and name the offending fields", and a refused
 * request records nothing.
 */
interface Case {
  readonly name: string;
  readonly call: (ids: { mspId: string; tenantId: string; admin: Client; operator: Client }) => ReturnType<Client['get']>;
  readonly status: 400 | 422 | 'either';
  readonly field: string;
}

const account = (overrides: Record<string, unknown> = {}) => ({
  email: anEmail('v'),
  password: aStrongPassword(),
  firstName: 'Val',
  lastName: 'Idation',
  ...overrides,
});
const adminAccount = (overrides: Record<string, unknown> = {}) => account({ permissions: ['manage_user_roles'], ...overrides });
const member = (overrides: Record<string, unknown> = {}) => account({ roleId: 'member', ...overrides });

const WEAK_PASSWORDS: [string, string][] = [
  ['too short', 'Ab1!xyz'],
  ['no uppercase', 'lowercase1!only'],
  ['no lowercase', 'UPPERCASE1!ONLY'],
  ['no digit', 'NoDigitsHere!'],
  ['no special character', 'NoSpecial123'],
  ['too long', `Aa1!${'x'.repeat(125)}`],
  ['common', 'Password1!'],
  ['empty', ''],
];

// Malformed addresses (400 on the admin endpoints); hostile characters, spaces included, answer 422
// on every email path (test/e2e/hostile-input.test.ts).
const BAD_EMAILS = ['not-an-email', 'two@@example.org', 'no-domain@', '@example.org', 'dot@localhost'];

const CASES: Case[] = [
  // POST /msps
  { name: 'msp: missing name', call: ({ operator }) => operator.post(paths.msps()).send({}), status: 400, field: 'name' },
  { name: 'msp: blank name', call: ({ operator }) => operator.post(paths.msps()).send({ name: '   ' }), status: 400, field: 'name' },
  { name: 'msp: empty name', call: ({ operator }) => operator.post(paths.msps()).send({ name: '' }), status: 400, field: 'name' },
  { name: 'msp: name of wrong type', call: ({ operator }) => operator.post(paths.msps()).send({ name: 42 }), status: 400, field: 'name' },
  { name: 'msp: name too long', call: ({ operator }) => operator.post(paths.msps()).send({ name: 'x'.repeat(201) }), status: 400, field: 'name' },
  {
    name: 'msp: unknown field',
    call: ({ operator }) => operator.post(paths.msps()).send({ name: 'Fine', isAdmin: true }),
    status: 400,
    field: 'isAdmin',
  },

  // POST /msps/:id/admins
  ...(['email', 'password', 'firstName', 'lastName', 'permissions'] as const).map(
    (field): Case => ({
      name: `admin: missing ${field}`,
      call: ({ operator, mspId }) => {
        const body: Record<string, unknown> = adminAccount();
        delete body[field];
        return operator.post(paths.admins(mspId)).send(body);
      },
      status: 400,
      field,
    }),
  ),
  ...BAD_EMAILS.map(
    (email): Case => ({
      name: `admin: bad email ${JSON.stringify(email)}`,
      call: ({ operator, mspId }) => operator.post(paths.admins(mspId)).send(adminAccount({ email })),
      status: 400,
      field: 'email',
    }),
  ),
  ...WEAK_PASSWORDS.map(
    ([why, password]): Case => ({
      name: `admin: weak password (${why})`,
      call: ({ operator, mspId }) => operator.post(paths.admins(mspId)).send(adminAccount({ password })),
      status: 422,
      field: 'password',
    }),
  ),
  {
    name: 'admin: unknown permission',
    call: ({ operator, mspId }) => operator.post(paths.admins(mspId)).send(adminAccount({ permissions: ['manage_user_roles', 'root'] })),
    status: 400,
    field: 'permissions',
  },
  {
    name: 'admin: no permission',
    call: ({ operator, mspId }) => operator.post(paths.admins(mspId)).send(adminAccount({ permissions: [] })),
    status: 400,
    field: 'permissions',
  },
  {
    name: 'admin: permissions not an array',
    call: ({ operator, mspId }) => operator.post(paths.admins(mspId)).send(adminAccount({ permissions: 'manage_user_roles' })),
    status: 400,
    field: 'permissions',
  },
  {
    name: 'admin: blank firstName',
    call: ({ operator, mspId }) => operator.post(paths.admins(mspId)).send(adminAccount({ firstName: ' \t ' })),
    status: 400,
    field: 'firstName',
  },
  {
    name: 'admin: lastName of wrong type',
    call: ({ operator, mspId }) => operator.post(paths.admins(mspId)).send(adminAccount({ lastName: ['x'] })),
    status: 400,
    field: 'lastName',
  },
  {
    name: 'admin: unknown field',
    call: ({ operator, mspId }) => operator.post(paths.admins(mspId)).send(adminAccount({ mspId: 'other' })),
    status: 400,
    field: 'mspId',
  },

  // POST /msps/:id/tenants
  { name: 'tenant: missing name', call: ({ admin, mspId }) => admin.post(paths.tenants(mspId)).send({}), status: 400, field: 'name' },
  { name: 'tenant: blank name', call: ({ admin, mspId }) => admin.post(paths.tenants(mspId)).send({ name: '  ' }), status: 400, field: 'name' },
  { name: 'tenant: name of wrong type', call: ({ admin, mspId }) => admin.post(paths.tenants(mspId)).send({ name: true }), status: 400, field: 'name' },
  {
    name: 'tenant: unknown field',
    call: ({ admin, mspId }) => admin.post(paths.tenants(mspId)).send({ name: 'Fine', mspId: 'x' }),
    status: 400,
    field: 'mspId',
  },

  // POST /tenants/:id/roles
  { name: 'role: missing name', call: ({ admin, tenantId }) => admin.post(paths.roles(tenantId)).send({}), status: 400, field: 'name' },
  { name: 'role: blank name', call: ({ admin, tenantId }) => admin.post(paths.roles(tenantId)).send({ name: '\n' }), status: 400, field: 'name' },
  {
    name: 'role: name too long',
    call: ({ admin, tenantId }) => admin.post(paths.roles(tenantId)).send({ name: 'r'.repeat(101) }),
    status: 400,
    field: 'name',
  },
  {
    name: 'role: unknown field',
    call: ({ admin, tenantId }) => admin.post(paths.roles(tenantId)).send({ name: 'Fine', builtIn: true }),
    status: 400,
    field: 'builtIn',
  },

  // PUT /tenants/:id/sso
  {
    name: 'sso: wrong protocol',
    call: ({ admin, tenantId }) => admin.put(paths.sso(tenantId)).send({ ...SSO_CONFIG, protocol: 'oidc' }),
    status: 400,
    field: 'protocol',
  },
  {
    name: 'sso: missing entityId',
    call: ({ admin, tenantId }) => admin.put(paths.sso(tenantId)).send({ protocol: 'saml', ssoUrl: SSO_CONFIG.ssoUrl }),
    status: 400,
    field: 'entityId',
  },
  {
    name: 'sso: blank entityId',
    call: ({ admin, tenantId }) => admin.put(paths.sso(tenantId)).send({ ...SSO_CONFIG, entityId: '   ' }),
    status: 400,
    field: 'entityId',
  },
  {
    name: 'sso: ssoUrl not a URL',
    call: ({ admin, tenantId }) => admin.put(paths.sso(tenantId)).send({ ...SSO_CONFIG, ssoUrl: 'not a url' }),
    status: 400,
    field: 'ssoUrl',
  },
  {
    name: 'sso: ssoUrl with another scheme',
    call: ({ admin, tenantId }) => admin.put(paths.sso(tenantId)).send({ ...SSO_CONFIG, ssoUrl: 'javascript:alert(1)' }),
    status: 400,
    field: 'ssoUrl',
  },
  { name: 'sso: empty body', call: ({ admin, tenantId }) => admin.put(paths.sso(tenantId)).send({}), status: 400, field: 'protocol' },

  // POST /tenants/:id/users
  ...(['email', 'password', 'firstName', 'lastName', 'roleId'] as const).map(
    (field): Case => ({
      name: `user: missing ${field}`,
      call: ({ admin, tenantId }) => {
        const body: Record<string, unknown> = member();
        delete body[field];
        return admin.post(paths.users(tenantId)).send(body);
      },
      status: 400,
      field,
    }),
  ),
  ...BAD_EMAILS.map(
    (email): Case => ({
      name: `user: bad email ${JSON.stringify(email)}`,
      call: ({ admin, tenantId }) => admin.post(paths.users(tenantId)).send(member({ email })),
      status: 400,
      field: 'email',
    }),
  ),
  ...WEAK_PASSWORDS.map(
    ([why, password]): Case => ({
      name: `user: weak password (${why})`,
      call: ({ admin, tenantId }) => admin.post(paths.users(tenantId)).send(member({ password })),
      status: 422,
      field: 'password',
    }),
  ),
  {
    name: 'user: unknown roleId',
    call: ({ admin, tenantId }) => admin.post(paths.users(tenantId)).send(member({ roleId: 'super_admin' })),
    status: 422,
    field: 'roleId',
  },
  {
    name: 'user: roleId of wrong type',
    call: ({ admin, tenantId }) => admin.post(paths.users(tenantId)).send(member({ roleId: 7 })),
    status: 400,
    field: 'roleId',
  },
  {
    name: 'user: blank lastName',
    call: ({ admin, tenantId }) => admin.post(paths.users(tenantId)).send(member({ lastName: '  ' })),
    status: 400,
    field: 'lastName',
  },
  {
    name: 'user: unknown field',
    call: ({ admin, tenantId }) => admin.post(paths.users(tenantId)).send(member({ msp: { mspId: 'x' } })),
    status: 400,
    field: 'msp',
  },

  // GET /tenants/:id/users
  { name: 'users: limit 0', call: ({ admin, tenantId }) => admin.get(paths.users(tenantId)).query({ limit: 0 }), status: 400, field: 'limit' },
  { name: 'users: limit 101', call: ({ admin, tenantId }) => admin.get(paths.users(tenantId)).query({ limit: 101 }), status: 400, field: 'limit' },
  { name: 'users: limit abc', call: ({ admin, tenantId }) => admin.get(paths.users(tenantId)).query({ limit: 'abc' }), status: 400, field: 'limit' },
  {
    name: 'users: forged cursor',
    call: ({ admin, tenantId }) => admin.get(paths.users(tenantId)).query({ cursor: 'bm90IGEgY3Vyc29y' }),
    status: 422,
    field: 'cursor',
  },

  // PUT /tenants/:id/invite-link
  { name: 'link: empty body', call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({}), status: 400, field: 'enabled' },
  {
    name: 'link: enabled "yes"',
    call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({ enabled: 'yes', defaultRoleId: 'member' }),
    status: 400,
    field: 'enabled',
  },
  {
    name: 'link: enabled 1',
    call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({ enabled: 1, defaultRoleId: 'member' }),
    status: 400,
    field: 'enabled',
  },
  {
    name: 'link: enabled "true"',
    call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({ enabled: 'true', defaultRoleId: 'member' }),
    status: 400,
    field: 'enabled',
  },
  {
    name: 'link: allowedDomains 5',
    call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({ allowedDomains: 5 }),
    status: 400,
    field: 'allowedDomains',
  },
  {
    name: 'link: allowedDomains with a number inside',
    call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({ allowedDomains: ['a.example', 5] }),
    status: 400,
    field: 'allowedDomains',
  },
  {
    name: 'link: allowedDomains as an object',
    call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({ allowedDomains: { 0: 'a.example' } }),
    status: 400,
    field: 'allowedDomains',
  },
  {
    name: 'link: defaultRoleId of wrong type',
    call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({ defaultRoleId: 3 }),
    status: 400,
    field: 'defaultRoleId',
  },
  {
    name: 'link: empty defaultRoleId',
    call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({ defaultRoleId: '' }),
    status: 400,
    field: 'defaultRoleId',
  },
  {
    name: 'link: unknown field',
    call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({ enabled: false, token: 'mine' }),
    status: 400,
    field: 'token',
  },
  // null is not "absent": it is a value of the wrong type.
  ...(['enabled', 'defaultRoleId', 'allowedDomains'] as const).map(
    (field): Case => ({
      name: `link: ${field} null`,
      call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({ [field]: null }),
      status: 'either',
      field,
    }),
  ),
  {
    name: 'link: allowedDomains null next to a valid change',
    call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({ defaultRoleId: 'member', allowedDomains: null }),
    status: 'either',
    field: 'allowedDomains',
  },
  {
    name: 'link: unknown defaultRoleId',
    call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({ defaultRoleId: 'no_such_role' }),
    status: 422,
    field: 'defaultRoleId',
  },
  {
    name: 'link: enabling without a role',
    call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({ enabled: true }),
    status: 422,
    field: 'defaultRoleId',
  },
  {
    name: 'link: enabling with domains but without a role',
    call: ({ admin, tenantId }) => admin.put(paths.inviteLink(tenantId)).send({ enabled: true, allowedDomains: ['ok.example'] }),
    status: 422,
    field: 'defaultRoleId',
  },
  {
    name: 'link: 51 domains',
    call: ({ admin, tenantId }) =>
      admin.put(paths.inviteLink(tenantId)).send({ allowedDomains: Array.from({ length: 51 }, (_, i) => `d${i}.example`) }),
    status: 422,
    field: 'allowedDomains',
  },
  {
    name: 'link: 51 domains in one string',
    call: ({ admin, tenantId }) =>
      admin.put(paths.inviteLink(tenantId)).send({ allowedDomains: Array.from({ length: 51 }, (_, i) => `d${i}.example`).join('\n') }),
    status: 422,
    field: 'allowedDomains',
  },
  {
    name: 'link: a valid change together with an invalid one',
    call: ({ admin, tenantId }) =>
      admin.put(paths.inviteLink(tenantId)).send({ defaultRoleId: 'member', allowedDomains: ['fine.example', 'not valid'] }),
    status: 422,
    field: 'allowedDomains',
  },

  // GET /tenants/:id/invite-link?at=
  ...['yesterday', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '12345', ''].map(
    (at): Case => ({
      name: `link: at=${JSON.stringify(at)}`,
      call: ({ admin, tenantId }) => admin.get(`${paths.inviteLink(tenantId)}?at=${encodeURIComponent(at)}`),
      status: 400,
      field: 'at',
    }),
  ),

  // POST /auth/sign-in
  { name: 'sign-in: empty body', call: ({ operator }) => operator.post(paths.signIn()).send({}), status: 400, field: 'email' },
  {
    name: 'sign-in: password of wrong type',
    call: ({ operator }) => operator.post(paths.signIn()).send({ email: 'a@b.example', password: 12345678 }),
    status: 400,
    field: 'password',
  },
];

describe('request validation', () => {
  const t = useTestApp();
  let admin: Admin;
  let mspId: string;
  let tenantId: string;

  beforeAll(async () => {
    ({ admin, mspId, tenantId } = await anMspWithTenant(t));
  });

  it.each(CASES.map((testCase) => [testCase.name, testCase]))('%s', async (_name, testCase) => {
    const before = await t.countEvents();
    const response = await testCase.call({ mspId, tenantId, admin: t.as(admin.token), operator: t.operator() });
    expectFieldError(response, testCase.status, testCase.field);
    expect(response.body.error).toEqual(expect.any(String));
    expect(await t.countEvents()).toBe(before);
  });

  it('names every invalid domain entry, and only those', async () => {
    const before = await t.countEvents();
    const bad = ['not a domain', 'localhost', '1.2.3.4', 'under_score.example', '-leading.example', 'http://x.example', 'a..b.example'];
    const response = await t
      .as(admin.token)
      .put(paths.inviteLink(tenantId))
      .send({ allowedDomains: ['good.example', ...bad, 'also-good.example'] });
    expectFieldError(response, 422, 'allowedDomains');
    for (const entry of bad) expect(response.body.message).toContain(entry);
    expect(response.body.message).not.toContain('also-good.example');
    expect(await t.countEvents()).toBe(before);
  });

  it('names invalid entries of a comma/newline string too', async () => {
    const response = await t
      .as(admin.token)
      .put(paths.inviteLink(tenantId))
      .send({ allowedDomains: 'good.example,\nbad domain\r\nnodot' });
    expectFieldError(response, 422, 'allowedDomains');
    expect(response.body.message).toContain('bad domain');
    expect(response.body.message).toContain('nodot');
  });

  it('accepts exactly 50 domains, and 51 entries that merge into 50', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => `fifty${i}.${unique('v').toLowerCase()}.example`);
    const other = await t.createTenant(mspId, unique('Fifty'), admin.token);
    const response = await t.as(admin.token).put(paths.inviteLink(other.id)).send({ allowedDomains: [...fifty, fifty[0].toUpperCase()] });
    expect(response.status).toBe(200);
    expect(response.body.allowedDomains).toHaveLength(50);
  });

  it.each([
    ['PUT invite-link', () => t.as(admin.token).put(paths.inviteLink(tenantId))],
    ['POST msps', () => t.operator().post(paths.msps())],
    ['POST users', () => t.as(admin.token).post(paths.users(tenantId))],
    ['PUT sso', () => t.as(admin.token).put(paths.sso(tenantId))],
    ['POST sign-in', () => t.anonymous().post(paths.signIn())],
  ])('answers 400 to malformed JSON (%s) and records nothing', async (_name, call) => {
    const before = await t.countEvents();
    const response = await call().set('Content-Type', 'application/json').send('{"enabled": tru');
    expect(response.status).toBe(400);
    expect(response.body).toEqual(expect.objectContaining({ statusCode: 400, code: 'invalid_json', message: 'Request body is not valid JSON' }));
    expect(await t.countEvents()).toBe(before);
  });

  it('answers 400 to a PUT without a body', async () => {
    const before = await t.countEvents();
    const response = await t.as(admin.token).put(paths.inviteLink(tenantId));
    expect(response.status).toBe(400);
    expect(await t.countEvents()).toBe(before);
  });

  it('refuses a body larger than the limit with a 400 that says so, without recording anything', async () => {
    const before = await t.countEvents();
    const response = await t
      .as(admin.token)
      .put(paths.inviteLink(tenantId))
      .send({ allowedDomains: 'x'.repeat(200_000) });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'body_too_large', message: expect.stringContaining('too large') });
    expect(await t.countEvents()).toBe(before);
  });

  it.each([
    ['an array', [{ name: 'x' }]],
    ['null', null],
    ['a string', 'x'],
    ['a number', 5],
  ])('refuses %s where a JSON object is expected, and records nothing', async (_name, body) => {
    const before = await t.countEvents();
    const response = await t.operator().post(paths.msps()).set('Content-Type', 'application/json').send(JSON.stringify(body));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'invalid_request', message: ['Request body must be a JSON object'] });
    expect(await t.countEvents()).toBe(before);
  });
});
