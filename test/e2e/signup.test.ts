import type { Response } from 'supertest';
import { RATE_LIMIT_POLICIES } from '../../src/shared/http/rate-limit/rate-limit.policies';
import { expectFieldError } from '../support/assertions';
import { aSignup, anMspWithAdmin, aTenantWithLink, usersOf as listUsers, useTestApp } from '../support/fixtures';
import { Admin, anEmail, INVALID_LINK_MESSAGE, paths, SSO_CONFIG, tokenOf, unique } from '../support/test-app';

const signupPath = (token: string) => `${paths.publicLink(token)}/signups`;
const INVALID_LINK_BODY = { statusCode: 404, message: INVALID_LINK_MESSAGE, error: 'Not Found', code: 'invalid_invite_link' };

let ipSequence = 0;
/**
 * A client address of its own (trust proxy is loopback, so X-Forwarded-For from the test is
 * the client IP): keeps the per-IP rate limits of one test from another's.
 */
const freshIp = () => {
  ipSequence += 1;
  return `10.${(ipSequence >> 16) & 255}.${(ipSequence >> 8) & 255}.${ipSequence & 255}`;
};

const aForm = aSignup;

const sessionCookieOf = (response: Response): string => {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const cookie = cookies.find((candidate) => candidate.startsWith('session='));
  if (!cookie) throw new Error(`no session cookie: ${JSON.stringify(response.headers)}`);
  return cookie;
};

/** R11–R19, R22 through POST /api/v1/invite-links/:token/signups. */
describe('self-signup through an invite link', () => {
  const t = useTestApp();
  let admin: Admin;

  const signUp = (token: string, body: object, ip = freshIp()) =>
    t.anonymous().post(signupPath(token)).set('X-Forwarded-For', ip).send(body);
  const lookUp = (token: string, ip = freshIp()) => t.anonymous().get(paths.publicLink(token)).set('X-Forwarded-For', ip);
  const put = (tenantId: string, body: object) => t.as(admin.token).put(paths.inviteLink(tenantId)).send(body);

  /** A new tenant whose link is enabled; returns its id and token. */
  async function aLink(settings: { defaultRoleId?: string; allowedDomains?: string[] } = {}) {
    const { tenant, token } = await aTenantWithLink(t, admin, { defaultRoleId: 'technician', ...settings });
    return { tenantId: tenant.id, tenantName: tenant.name, token };
  }

  const usersOf = (tenantId: string) => listUsers(t, admin.token, tenantId);

  beforeAll(async () => {
    ({ admin } = await anMspWithAdmin(t));
  });

  it('creates the account and the membership with the default role, starts a session and says where to go', async () => {
    const { tenantId, token } = await aLink();
    const form = aForm({ firstName: '  Nia ', email: `  ${unique('Happy')}@Example.ORG ` });
    const response = await signUp(token, form);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ userId: expect.any(String), tenantId, roleId: 'technician', redirectTo: '/app' });
    const { userId } = response.body;

    const cookie = sessionCookieOf(response);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    expect(response.headers['cache-control']).toBe('no-store');

    // Read-your-writes: the very next requests see the new member.
    const me = await t.anonymous().get(paths.me()).set('Cookie', cookie.split(';')[0]);
    expect(me.status).toBe(200);
    const email = (form.email as string).trim().toLowerCase();
    expect(me.body).toEqual({
      id: userId,
      email,
      firstName: 'Nia',
      lastName: 'Newcomer',
      memberships: [{ tenantId, roleId: 'technician' }],
      msp: null,
    });
    expect(await usersOf(tenantId)).toEqual([
      expect.objectContaining({ userId, email, roleId: 'technician', joinedVia: 'invite_link', signInMethod: 'password' }),
    ]);

    const history = await t.as(admin.token).get(paths.history(tenantId));
    const joined = history.body.items.filter((item: { type: string }) => item.type === 'MemberJoinedViaInviteLink');
    expect(joined).toEqual([
      expect.objectContaining({
        actor: { type: 'new_user', id: userId },
        data: expect.objectContaining({ userId, roleId: 'technician', method: 'password' }),
      }),
    ]);

    // The password works for sign-in, in any letter case of the email.
    const signIn = await t.anonymous().post(paths.signIn()).send({ email: email.toUpperCase(), password: form.password });
    expect(signIn.status).toBe(200);
  });

  it('lets any number of people join through one link (R17)', async () => {
    const { tenantId, token } = await aLink();
    for (let i = 0; i < 3; i++) expect((await signUp(token, aForm())).status).toBe(201);
    expect(await usersOf(tenantId)).toHaveLength(3);
  });

  it('creates exactly one account when 50 signups race with one email in different letter cases (R11)', async () => {
    const { tenantId, token } = await aLink();
    const local = unique('racer');
    const variants = Array.from({ length: 50 }, (_, i) => {
      const address = `${local}@example.org`;
      return [...address].map((char, j) => ((i >> j % 6) & 1 ? char.toUpperCase() : char)).join('');
    });
    const before = await t.countEvents();
    const responses = await Promise.all(variants.map((email) => signUp(token, aForm({ email }))));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(response.body).toEqual({ statusCode: 409, message: 'User already registered', error: 'Conflict', code: 'user_already_registered' });
    }
    const members = (await usersOf(tenantId)).filter((user) => user.email === `${local}@example.org`.toLowerCase());
    expect(members).toHaveLength(1);
    const events = (await t.readAllEvents()).slice(0);
    const registered = events.filter(
      (event) => event.type === 'UserRegistered' && event.data.email === `${local}@example.org`.toLowerCase(),
    );
    expect(registered).toHaveLength(1);
    expect(await t.countEvents()).toBeGreaterThan(before);
  });

  it('no signup that starts after a regenerate has returned succeeds with the old token (R22)', async () => {
    const { tenantId, token } = await aLink();
    const results: { startedAt: number; status: number; email: string }[] = [];
    let regeneratedAt = Infinity;
    let newToken = '';
    const worker = async () => {
      while (results.length < 48 && Date.now() < regeneratedAt + 300) {
        const form = aForm();
        const startedAt = Date.now();
        const response = await signUp(token, form);
        results.push({ startedAt, status: response.status, email: form.email as string });
      }
    };
    const regenerate = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      const response = await t.as(admin.token).post(paths.regenerate(tenantId));
      expect(response.status).toBe(200);
      regeneratedAt = Date.now();
      newToken = tokenOf(response.body.url);
    })();
    await Promise.all([regenerate, worker(), worker(), worker(), worker()]);

    const after = results.filter((result) => result.startedAt > regeneratedAt);
    expect(after.length).toBeGreaterThan(0);
    for (const result of after) expect(result).toEqual(expect.objectContaining({ status: 404 }));
    for (const result of results) expect([201, 404]).toContain(result.status);
    const joined = results.filter((result) => result.status === 201).map((result) => result.email.toLowerCase());
    expect((await usersOf(tenantId)).map((user) => user.email).sort()).toEqual(joined.sort());

    // A refused signup leaves nothing behind: its email can sign up again with the new token.
    const refused = results.find((result) => result.status === 404)!;
    expect((await signUp(newToken, aForm({ email: refused.email }))).status).toBe(201);
  });

  describe('refuses invalid input, naming the field, and records nothing', () => {
    let token: string;
    beforeAll(async () => {
      token = (await aLink()).token;
    });

    const withPassword = (password: string) => aForm({ password, passwordConfirmation: password });
    const cases: [string, Record<string, unknown>, 400 | 422, string][] = [
      ['a password shorter than 8', withPassword('Sh0rt!'), 422, 'password'],
      ['a password longer than 128', withPassword(`Aa1!${'x'.repeat(125)}`), 422, 'password'],
      ['a password without an uppercase letter', withPassword('lowercase-only-1'), 422, 'password'],
      ['a password without a lowercase letter', withPassword('UPPERCASE-ONLY-1'), 422, 'password'],
      ['a password without a digit', withPassword('No-Digits-Here'), 422, 'password'],
      ['a password without a special character', withPassword('NoSpecials123'), 422, 'password'],
      ['a common password', withPassword('Password1!'), 422, 'password'],
      ['a confirmation that does not match', aForm({ passwordConfirmation: 'Different-Passw0rd!' }), 422, 'passwordConfirmation'],
      ['terms not accepted', aForm({ acceptTerms: false }), 422, 'acceptTerms'],
      ['terms missing', aForm({ acceptTerms: undefined }), 400, 'acceptTerms'],
      ['terms as a string', aForm({ acceptTerms: 'true' }), 400, 'acceptTerms'],
      ['an email without @', aForm({ email: 'not-an-email' }), 422, 'email'],
      ['an email without a dot in its domain', aForm({ email: 'ann@localhost' }), 422, 'email'],
      ['an empty email', aForm({ email: '' }), 422, 'email'],
      ['an overlong email', aForm({ email: `${'a'.repeat(320)}@example.org` }), 400, 'email'],
      ['an overlong first name', aForm({ firstName: 'N'.repeat(101) }), 400, 'firstName'],
      ['an overlong last name', aForm({ lastName: 'N'.repeat(101) }), 400, 'lastName'],
      ['a blank first name', aForm({ firstName: '   ' }), 400, 'firstName'],
      ['a missing last name', aForm({ lastName: undefined }), 400, 'lastName'],
      ['an overlong password', withPassword(`Aa1!${'x'.repeat(1100)}`), 400, 'password'],
      ['a number as first name', aForm({ firstName: 42 }), 400, 'firstName'],
      ['an array as email', aForm({ email: ['a@example.org'] }), 400, 'email'],
      ['a role chosen by the new user', aForm({ roleId: 'tenant_admin' }), 400, 'roleId'],
      ['an unknown field', aForm({ isAdmin: true }), 400, 'isAdmin'],
    ];

    it.each(cases)('%s', async (_name, body, status, field) => {
      const before = await t.countEvents();
      const response = await signUp(token, JSON.parse(JSON.stringify(body)));
      expectFieldError(response, status, field);
      if (status === 422) {
        expect(response.body).toMatchObject({ error: 'Unprocessable Entity', code: 'invalid_signup' });
        expect(response.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
      }
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(await t.countEvents()).toBe(before);
    });

    it('reports every broken password rule at once', async () => {
      const response = await signUp(token, aForm({ password: 'abc', passwordConfirmation: 'abd', acceptTerms: false }));
      expect(response.status).toBe(422);
      const fields = (response.body.errors as { field: string }[]).map((error) => error.field);
      expect(fields.filter((field) => field === 'password').length).toBeGreaterThanOrEqual(3);
      expect(fields).toEqual(expect.arrayContaining(['passwordConfirmation', 'acceptTerms']));
    });
  });

  describe('checks in the order body → link → duplicate email → domain', () => {
    it('an invalid body with a bad token is 400 (and a rule violation 422)', async () => {
      expect((await signUp('no-such-token', aForm({ acceptTerms: 'yes' }))).status).toBe(400);
      expect((await signUp('no-such-token', aForm({ acceptTerms: false }))).status).toBe(422);
    });

    it('a good body with a bad token is 404 with the R16 message', async () => {
      const response = await signUp('no-such-token', aForm());
      expect(response.status).toBe(404);
      expect(response.body).toEqual(INVALID_LINK_BODY);
    });

    it('a registered email with a domain outside the allow-list is 409, not 403', async () => {
      const domain = `${unique('only').toLowerCase()}.example`;
      const { token } = await aLink({ allowedDomains: [domain] });
      const existing = await t.addTenantUser((await aLink()).tenantId, admin.token, { email: anEmail('existing') });
      const response = await signUp(token, aForm({ email: existing.email.toUpperCase() }));
      expect(response.status).toBe(409);
      expect(response.body.message).toBe('User already registered');
    });
  });

  describe('email domains (R12)', () => {
    it('matches the allow-list whatever the case, spaces and IDN spelling; never a subdomain', async () => {
      const suffix = unique('d').toLowerCase();
      const domain = `acme-${suffix}.example`;
      const idn = `bücher-${suffix}.example`;
      const { tenantId, token } = await aLink({ allowedDomains: [domain, idn] });
      expect((await signUp(token, aForm({ email: `Ann@ACME-${suffix.toUpperCase()}.Example` }))).status).toBe(201);
      expect((await signUp(token, aForm({ email: `  bob@${domain}  ` }))).status).toBe(201);
      expect((await signUp(token, aForm({ email: `anna@BÜCHER-${suffix}.example` }))).status).toBe(201);
      for (const email of [`eve@sub.${domain}`, `eve@${domain}.evil.example`, `eve@other-${suffix}.example`]) {
        const response = await signUp(token, aForm({ email }));
        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden', code: 'email_domain_not_allowed' });
      }
      const emails = (await usersOf(tenantId)).map((user) => user.email);
      expect(emails).toHaveLength(3);
      expect(emails).toEqual(expect.arrayContaining([`ann@${domain}`, `bob@${domain}`, expect.stringMatching(/^anna@xn--/)]));
    });

    it('applies the allow-list as it is when the form is submitted', async () => {
      const domain = `${unique('strict').toLowerCase()}.example`;
      const { tenantId, token } = await aLink({ allowedDomains: [domain] });
      expect((await lookUp(token)).status).toBe(200); // the page is open…
      expect((await put(tenantId, { allowedDomains: [] })).status).toBe(200); // …the list is emptied…
      expect((await signUp(token, aForm({ email: anEmail('anyone') }))).status).toBe(201); // …any domain joins.
    });
  });

  it('grants the default role as it is when the form is submitted (R5, R15)', async () => {
    const { tenantId, token } = await aLink({ defaultRoleId: 'technician' });
    expect((await lookUp(token)).status).toBe(200);
    expect((await put(tenantId, { defaultRoleId: 'read_only' })).status).toBe(200);
    const response = await signUp(token, aForm());
    expect(response.status).toBe(201);
    expect(response.body.roleId).toBe('read_only');
    const me = await t.anonymous().get(paths.me()).set('Cookie', sessionCookieOf(response).split(';')[0]);
    expect(me.body.memberships).toEqual([{ tenantId, roleId: 'read_only' }]);
  });

  it('answers every kind of invalid link identically, and records nothing (R16)', async () => {
    const disabled = await aLink();
    expect((await put(disabled.tenantId, { enabled: false })).status).toBe(200);
    const regenerated = await aLink();
    expect((await t.as(admin.token).post(paths.regenerate(regenerated.tenantId))).status).toBe(200);
    const sso = await aLink();
    expect((await t.as(admin.token).put(paths.sso(sso.tenantId)).send(SSO_CONFIG)).status).toBe(200);
    const canceled = await aLink();
    expect((await t.as(admin.token).post(paths.cancel(canceled.tenantId))).status).toBe(200);
    const tokens = [disabled.token, regenerated.token, sso.token, canceled.token, 'A'.repeat(43), 'short', '%00'];

    const before = await t.countEvents();
    for (const token of tokens) {
      const response = await signUp(token, aForm());
      expect({ token, status: response.status, body: response.body }).toEqual({ token, status: 404, body: INVALID_LINK_BODY });
      expect(response.headers['set-cookie']).toBeUndefined();
      const looked = await lookUp(token);
      expect({ token, status: looked.status, body: looked.body }).toEqual({ token, status: 404, body: INVALID_LINK_BODY });
    }
    expect(await t.countEvents()).toBe(before);
  });

  describe('rate limits (429 with Retry-After)', () => {
    /** The default limit of a rule (the test app sets no RATE_LIMIT_* variable). */
    const limitOf = (rule: string) =>
      Object.values(RATE_LIMIT_POLICIES)
        .flat()
        .find((candidate) => candidate.name === rule)!.points;

    const expectTooMany = (response: Response) => {
      expect(response.status).toBe(429);
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(response.body).toEqual({ statusCode: 429, message: expect.stringMatching(/too many requests/i), error: 'Too Many Requests' });
    };

    it('limits signups per client IP', async () => {
      const ip = freshIp();
      const { token } = await aLink();
      for (let i = 0; i < limitOf('signup-ip'); i++) expect((await signUp(token, aForm({ acceptTerms: 'no' }), ip)).status).toBe(400);
      expectTooMany(await signUp(token, aForm(), ip));
      // Another client is not affected.
      expect((await signUp(token, aForm())).status).toBe(201);
    });

    it('limits signups per link, whatever the client', async () => {
      const { token } = await aLink();
      for (let i = 0; i < limitOf('signup-link'); i++) expect((await signUp(token, aForm({ acceptTerms: 'no' }))).status).toBe(400);
      expectTooMany(await signUp(token, aForm()));
    });

    it('limits public look-ups per client IP', async () => {
      const ip = freshIp();
      for (let i = 0; i < limitOf('lookup-ip'); i++) expect((await lookUp('no-such-token', ip)).status).toBe(404);
      expectTooMany(await lookUp('no-such-token', ip));
    });

    it('limits sign-ins per client IP and email', async () => {
      const ip = freshIp();
      const attempt = (email: string) =>
        t.anonymous().post(paths.signIn()).set('X-Forwarded-For', ip).send({ email, password: 'Wrong-Passw0rd!' });
      for (let i = 0; i < limitOf('sign-in-ip-email'); i++) expect((await attempt(admin.email)).status).toBe(401);
      expectTooMany(await attempt(admin.email.toUpperCase()));
      expect((await attempt(anEmail('someone-else'))).status).toBe(401);
    });
  });
});

describe('self-signup behind an https public URL', () => {
  const t = useTestApp({ env: { PUBLIC_BASE_URL: 'https://invites.test' } });

  it('marks the session cookie Secure', async () => {
    const { admin } = await anMspWithAdmin(t);
    const { token } = await aTenantWithLink(t, admin, {}, unique('Secure'));
    const response = await t.anonymous().post(signupPath(token)).send(aForm());
    expect(response.status).toBe(201);
    expect(sessionCookieOf(response)).toMatch(/;\s*Secure/i);
  });
});
