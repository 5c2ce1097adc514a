import { gzipSync } from 'node:zlib';
import type { Response } from 'supertest';
import { expectFieldError } from '../support/assertions';
import { aJoinForm, anMspWithTenant, enableLink, useTestApp } from '../support/fixtures';
import { fieldErrorOf as fieldError, FormBrowser } from '../support/form-browser';
import { Admin, aStrongPassword, anEmail, Client, paths, SSO_CONFIG, unique } from '../support/test-app';

/**
 * Issue 11, items 1, 2 and 5: bodies too deep or too large, bodies that are not what the API
 * reads, hostile characters in emails, names and SSO settings, and Cache-Control on every API
 * answer. Every refusal is a 4xx that says what is wrong, and writes nothing.
 */

const DEPTH = 3_000;
const deeplyNested = (depth = DEPTH) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Hostile addresses: each holds one character no address may hold. */
const HOSTILE_EMAILS: [string, string][] = [
  ['a lone surrogate', '\ud800@a.com'],
  ['a lone low surrogate', 'ann\udc00@acme.com'],
  ['NUL', 'x\u0000@acme.com'],
  ['an escape sequence', 'ann\u001b[2J@acme.com'],
  ['a right-to-left override', '\u202emoc.evil@ann.com'],
  ['a left-to-right isolate', 'ann\u2066@acme.com'],
  ['a pop directional isolate', 'ann\u2069@acme.com'],
  ['a left-to-right mark', 'ann\u200e@acme.com'],
  ['a right-to-left mark', 'ann@\u200facme.com'],
  ['a space', 'spaces in@example.org'],
  ['a tab', 'ann\t@acme.com'],
  ['a no-break space', 'an\u00a0n@acme.com'],
  ['a zero-width space', 'an\u200bn@acme.com'],
  ['a line separator', 'ann\u2028@acme.com'],
];

/** Hostile names: each holds one character no name may hold. */
const HOSTILE_NAMES: [string, string][] = [
  ['NUL', 'Da\u0000na'],
  ['a newline', 'Dana\nScully'],
  ['a lone surrogate', 'Dana\ud800'],
  ['a right-to-left override', '\u202eanaD'],
  ['a right-to-left isolate', 'Dana\u2067'],
  ['a right-to-left mark', 'Dana\u200f'],
  ['a line separator', 'Dana\u2028Scully'],
];

const account = (overrides: Record<string, unknown> = {}) => ({
  email: anEmail('hostile'),
  password: aStrongPassword(),
  firstName: 'Hana',
  lastName: 'Stile',
  ...overrides,
});

const signup = (overrides: Record<string, unknown> = {}) => {
  const password = aStrongPassword();
  return { ...account({ password }), passwordConfirmation: password, acceptTerms: true, ...overrides };
};

/** A JSON error answer of the API: its status, its `code`, and a message that says `says`. */
function expectRefusal(response: Response, status: number, code: string, says: string | RegExp): void {
  const summary = `${response.status} ${JSON.stringify(response.body)}`;
  expect({ status: response.status, summary }).toEqual({ status, summary });
  expect(response.body).toMatchObject({ statusCode: status, code, error: expect.any(String) });
  const message = response.body.message as unknown;
  expect(Array.isArray(message) ? message.join('\n') : String(message)).toMatch(says);
}

describe('hostile input', () => {
  const t = useTestApp();
  let admin: Admin;
  let mspId: string;
  let tenantId: string;
  let token: string;

  beforeAll(async () => {
    ({ admin, mspId, tenantId } = await anMspWithTenant(t));
    ({ token } = await enableLink(t, admin.token, tenantId));
  });

  /** Runs `call` and checks that the store holds as many events afterwards as before. */
  async function writesNothing(call: () => Promise<Response>): Promise<Response> {
    const before = await t.countEvents();
    const response = await call();
    expect(await t.countEvents()).toBe(before);
    return response;
  }

  type Endpoint = [name: string, request: () => ReturnType<Client['post']>];
  const jsonEndpoints = (): Endpoint[] => [
    ['POST /auth/sign-in (anonymous)', () => t.anonymous().post(paths.signIn())],
    ['POST /invite-links/<valid>/signups (anonymous)', () => t.anonymous().post(`${paths.publicLink(token)}/signups`)],
    ['POST /invite-links/<any>/signups (anonymous)', () => t.anonymous().post(`${paths.publicLink('no-such-token')}/signups`)],
    ['POST /msps/:id/admins (operator)', () => t.operator().post(paths.admins(mspId))],
    ['POST /tenants/:id/users (admin)', () => t.as(admin.token).post(paths.users(tenantId))],
    ['PUT /tenants/:id/invite-link (admin)', () => t.as(admin.token).put(paths.inviteLink(tenantId))],
    ['POST /msps (operator)', () => t.operator().post(paths.msps())],
  ];

  describe('bodies too deep or too large (item 1)', () => {
    it.each(jsonEndpoints())('%s: 3,000 nested objects answer 400 "nested too deeply"', async (_name, call) => {
      const response = await writesNothing(() => call().set('Content-Type', 'application/json').send(deeplyNested()));
      expectRefusal(response, 400, 'body_too_deep', /^Request body is nested too deeply: at most 32 levels/);
    });

    it.each(jsonEndpoints())('%s: 3,000 nested arrays inside a valid-looking body answer 400', async (_name, call) => {
      const body = `{"email":${nestedArrays(DEPTH)},"password":"x","name":"n"}`;
      const response = await writesNothing(() => call().set('Content-Type', 'application/json').send(body));
      expectRefusal(response, 400, 'body_too_deep', /nested too deeply/);
    });

    it('lets 32 levels through to validation, and refuses 33 as too deep', async () => {
      const at = (depth: number) => `{"name":"Fine","extra":${nestedArrays(depth - 1)}}`;
      const allowed = await writesNothing(() => t.operator().post(paths.msps()).set('Content-Type', 'application/json').send(at(32)));
      expectFieldError(allowed, 400, 'extra');
      const refused = await writesNothing(() => t.operator().post(paths.msps()).set('Content-Type', 'application/json').send(at(33)));
      expectRefusal(refused, 400, 'body_too_deep', /nested too deeply/);
    });

    it.each(jsonEndpoints())('%s: a body over 100 kB answers 400 "too large"', async (_name, call) => {
      const response = await writesNothing(() => call().send({ email: 'x'.repeat(200_000), name: 'n' }));
      expectRefusal(response, 400, 'body_too_large', /^Request body is too large: at most 100 kB/);
    });

    it('a compressed body that inflates past the limit answers 400 "too large"', async () => {
      const compressed = gzipSync(Buffer.from(JSON.stringify({ email: 'x'.repeat(5_000_000), password: 'x' })));
      expect(compressed.length).toBeLessThan(100 * 1024);
      const response = await writesNothing(() =>
        t
          .anonymous()
          .post(paths.signIn())
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', 'gzip')
          .serialize((body: unknown) => body as string)
          .send(compressed),
      );
      expectRefusal(response, 400, 'body_too_large', /too large/);
    });

    it('a body that is not what its Content-Encoding says answers 400', async () => {
      const response = await writesNothing(() =>
        t.anonymous().post(paths.signIn()).set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{"email":"a@b.c"}'),
      );
      expectRefusal(response, 400, 'invalid_content_encoding', /could not be decompressed/);
    });
  });

  describe('bodies that are not what the API reads (item 1)', () => {
    it.each(jsonEndpoints())('%s: malformed JSON answers 400 "not valid JSON"', async (_name, call) => {
      const response = await writesNothing(() => call().set('Content-Type', 'application/json').send('{"email": "a@b.c", '));
      expectRefusal(response, 400, 'invalid_json', /^Request body is not valid JSON$/);
    });

    it.each(
      jsonEndpoints().flatMap(([name, call]) =>
        ['[]', '[{"name":"x"}]', '"x"', 'null', '5', 'true'].map((body): [string, string, Endpoint[1]] => [name, body, call]),
      ),
    )('%s: the JSON %s answers 400 "must be a JSON object"', async (_name, body, call) => {
      const response = await writesNothing(() => call().set('Content-Type', 'application/json').send(body));
      expectRefusal(response, 400, 'invalid_request', /^Request body must be a JSON object$/);
    });

    it.each(
      jsonEndpoints().flatMap(([name, call]) =>
        ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x'].map(
          (type): [string, string, Endpoint[1]] => [name, type, call],
        ),
      ),
    )('%s: a %s body answers 400 "must be application/json"', async (_name, type, call) => {
      const response = await writesNothing(() => call().set('Content-Type', type).send('{"email":"a@b.example","password":"x","name":"n"}'));
      expectRefusal(response, 400, 'unsupported_media_type', /^Content-Type must be application\/json$/);
    });

    it('a body without a Content-Type answers 400 "must be application/json"', async () => {
      const response = await writesNothing(() =>
        t.operator().post(paths.msps()).set('Content-Length', '15').serialize((body: unknown) => String(body)).send('{"name":"Fine"}'),
      );
      expectRefusal(response, 400, 'unsupported_media_type', /application\/json/);
    });

    it('a JSON body in another charset answers 415', async () => {
      const response = await writesNothing(() =>
        t.operator().post(paths.msps()).set('Content-Type', 'application/json; charset=latin1').send('{"name":"Fine"}'),
      );
      expectRefusal(response, 415, 'unsupported_charset', /UTF-8/);
    });

    it('an empty body still names the missing fields (it has no type to refuse)', async () => {
      const response = await writesNothing(() => t.operator().post(paths.msps()));
      expectFieldError(response, 400, 'name');
    });

    it('JSON with a +json media type is read', async () => {
      const response = await t.operator().post(paths.msps()).set('Content-Type', 'application/merge-patch+json').send('{"name":"Plus Json"}');
      expect(response.status).toBe(201);
    });
  });

  describe('hostile characters in emails (item 2)', () => {
    it.each(HOSTILE_EMAILS)('POST /invite-links/:token/signups refuses %s: 422 naming email', async (_name, email) => {
      const response = await writesNothing(() => t.anonymous().post(`${paths.publicLink(token)}/signups`).send(signup({ email })));
      expectRefusal(response, 422, 'invalid_signup', /^email: Enter a valid email address: it must not contain .+ \(U\+[0-9A-F]{4,5}\)\.$/);
      expect(response.body.fields).toEqual(['email']);
      expect(response.body.errors).toEqual([{ field: 'email', message: expect.stringContaining('must not contain') }]);
    });

    it.each(HOSTILE_EMAILS)('POST /msps/:id/admins refuses %s: 422 naming email', async (_name, email) => {
      const body = { ...account({ email }), permissions: ['manage_user_roles'] };
      const response = await writesNothing(() => t.operator().post(paths.admins(mspId)).send(body));
      expectRefusal(response, 422, 'invalid_email', /^email: must not contain .+ \(U\+[0-9A-F]{4,5}\)$/);
      expect(response.body.field).toBe('email');
    });

    it.each(HOSTILE_EMAILS)('POST /tenants/:id/users refuses %s: 422 naming email', async (_name, email) => {
      const response = await writesNothing(() => t.as(admin.token).post(paths.users(tenantId)).send({ ...account({ email }), roleId: 'member' }));
      expectRefusal(response, 422, 'invalid_email', /^email: must not contain /);
      expect(response.body.field).toBe('email');
    });

    it.each(HOSTILE_EMAILS)('POST /auth/sign-in with %s is a failed sign-in like any other (401)', async (_name, email) => {
      const response = await writesNothing(() => t.anonymous().post(paths.signIn()).send({ email, password: aStrongPassword() }));
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ statusCode: 401, message: 'Invalid email or password' });
    });

    it('the signup stores no address that differs from what sign-in finds: NFC on both paths', async () => {
      const local = unique('jose').toLowerCase();
      const decomposed = `${local}-jose\u0301@example.org`;
      const composed = `${local}-jos\u00e9@example.org`;
      const body = signup({ email: decomposed });
      const created = await t.anonymous().post(`${paths.publicLink(token)}/signups`).send(body);
      expect(created.status).toBe(201);
      const signedIn = await t.anonymous().post(paths.signIn()).send({ email: composed.toUpperCase(), password: body.password });
      expect(signedIn.status).toBe(200);
      const again = await t.anonymous().post(`${paths.publicLink(token)}/signups`).send(signup({ email: composed }));
      expect(again.status).toBe(409);
      const addedByAdmin = await t.as(admin.token).post(paths.users(tenantId)).send({ ...account({ email: composed }), roleId: 'member' });
      expect(addedByAdmin.status).toBe(409);
    });
  });

  describe('hostile characters in names (item 2)', () => {
    type NameCase = [path: string, field: string, call: (value: string) => Promise<Response>];
    const nameCases = (): NameCase[] => [
      ['POST /msps', 'name', (name) => t.operator().post(paths.msps()).send({ name })],
      ['POST /msps/:id/tenants', 'name', (name) => t.as(admin.token).post(paths.tenants(mspId)).send({ name })],
      ['POST /tenants/:id/roles', 'name', (name) => t.as(admin.token).post(paths.roles(tenantId)).send({ name })],
      ...(['firstName', 'lastName'] as const).flatMap((field): NameCase[] => [
        ['POST /msps/:id/admins', field, (value) => t.operator().post(paths.admins(mspId)).send({ ...account({ [field]: value }), permissions: ['manage_user_roles'] })],
        ['POST /tenants/:id/users', field, (value) => t.as(admin.token).post(paths.users(tenantId)).send({ ...account({ [field]: value }), roleId: 'member' })],
        ['POST /invite-links/:token/signups', field, (value) => t.anonymous().post(`${paths.publicLink(token)}/signups`).send(signup({ [field]: value }))],
      ]),
    ];

    it.each(nameCases().flatMap(([path, field, call]) => HOSTILE_NAMES.map(([what, value]) => [path, field, what, value, call] as const)))(
      '%s refuses a %s with %s, naming the field',
      async (_path, field, _what, value, call) => {
        const response = await writesNothing(() => call(value));
        expectFieldError(response, 400, field);
        expect(response.body.message).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${field} must not contain .+ \\(U\\+[0-9A-F]{4}\\)$`))]));
      },
    );

    it.each(nameCases().map(([path, field, call]) => [path, field, call] as const))('%s refuses a %s too long, naming the field', async (_path, field, call) => {
      const response = await writesNothing(() => call('x'.repeat(201)));
      expectFieldError(response, 400, field);
    });

    it.each(nameCases().map(([path, field, call]) => [path, field, call] as const))(
      '%s refuses a %s made only of invisible characters as blank',
      async (_path, field, call) => {
        const response = await writesNothing(() => call('\u200b\u00a0'));
        expectFieldError(response, 400, field);
      },
    );

    it.each(['Jos\u00e9 N\u00fa\u00f1ez', 'Anne-Marie O\u2019Neil', '\u5c71\u7530\u3000\u592a\u90ce', '\u0645\u062d\u0645\u062f', '\u{1F469}\u200d\u{1F4BB} Ops'])(
      'accepts the real name %j',
      async (name) => {
        const tenant = await t.as(admin.token).post(paths.tenants(mspId)).send({ name: `${name} ${unique('t')}` });
        expect(tenant.status).toBe(201);
        const user = await t.as(admin.token).post(paths.users(tenantId)).send({ ...account({ firstName: name, lastName: name }), roleId: 'member' });
        expect(user.status).toBe(201);
      },
    );
  });

  describe('the pages: join form and sign-in form (item 2)', () => {
    /** Posts an urlencoded form; `raw` values are sent as given (already percent-encoded). */
    const postForm = (browser: FormBrowser, path: string, fields: Record<string, string>, raw: Record<string, string> = {}) =>
      browser.postEncoded(
        path,
        [
          ...Object.entries(fields).map(([name, value]) => `${name}=${encodeURIComponent(value)}`),
          ...Object.entries(raw).map(([name, value]) => `${name}=${value}`),
        ].join('&'),
      );

    /** A valid join form without its email, which each case sends on its own. */
    const joinForm = () => {
      const { email: _email, ...form } = aJoinForm();
      return form;
    };

    /** Percent-encoded as a form carries them (UTF-8): a lone surrogate has no UTF-8 form. */
    const HOSTILE_FORM_EMAILS: [string, string][] = [
      ['a replacement character (what broken text decodes to)', 'x%EF%BF%BD%40acme.com'],
      ['NUL', 'x%00%40acme.com'],
      ['a right-to-left override', encodeURIComponent('ann\u202e@acme.com')],
      ['a left-to-right isolate', encodeURIComponent('ann\u2066@acme.com')],
      ['a right-to-left mark', encodeURIComponent('ann\u200f@acme.com')],
      ['a space', 'an+n%40acme.com'],
      ['a no-break space', encodeURIComponent('an\u00a0n@acme.com')],
    ];

    it.each(HOSTILE_FORM_EMAILS)('the join form refuses an email with %s: 422, the reason next to the email field', async (_name, email) => {
      const browser = new FormBrowser(t);
      const csrf = await browser.csrfFieldOf(`/join/${token}`);
      const response = await writesNothing(() => postForm(browser, `/join/${token}`, { _csrf: csrf, ...joinForm() }, { email }));
      expect(response.status).toBe(422);
      expect(fieldError(response.text, 'email')).toMatch(/^Enter a valid email address: it must not contain .+ \(U\+[0-9A-F]{4}\)\.$/);
    });

    it.each([
      ['firstName', 'NUL', 'Ni%00na'],
      ['lastName', 'a right-to-left override', encodeURIComponent('\u202eremocweN')],
      ['firstName', 'a replacement character', 'Ni%EF%BF%BDna'],
      ['lastName', 'a line separator', encodeURIComponent('New\u2028comer')],
    ])('the join form refuses a %s with %s: 422, the reason next to the field', async (field, _name, value) => {
      const browser = new FormBrowser(t);
      const csrf = await browser.csrfFieldOf(`/join/${token}`);
      const { [field as 'firstName' | 'lastName']: _omitted, ...rest } = joinForm();
      const response = await writesNothing(() => postForm(browser, `/join/${token}`, { _csrf: csrf, ...rest, email: anEmail('form') }, { [field]: value }));
      expect(response.status).toBe(422);
      expect(fieldError(response.text, field)).toMatch(/^Must not contain .+ \(U\+[0-9A-F]{4}\)\.$/);
    });

    it('the join form refuses the bytes of a lone surrogate (invalid UTF-8, left undecoded): 422 on the email', async () => {
      const browser = new FormBrowser(t);
      const csrf = await browser.csrfFieldOf(`/join/${token}`);
      const response = await writesNothing(() => postForm(browser, `/join/${token}`, { _csrf: csrf, ...joinForm() }, { email: 'x%ED%A0%80%40acme.com' }));
      expect(response.status).toBe(422);
      expect(fieldError(response.text, 'email')).toMatch(/^Enter a valid email address/);
    });

    it.each(HOSTILE_FORM_EMAILS)('the sign-in form answers an email with %s like any failed sign-in (401)', async (_name, email) => {
      const browser = new FormBrowser(t);
      const csrf = await browser.csrfFieldOf('/sign-in');
      const response = await writesNothing(() => postForm(browser, '/sign-in', { _csrf: csrf, password: aStrongPassword() }, { email }));
      expect(response.status).toBe(401);
    });
  });

  describe('SSO settings (item 2)', () => {
    let ssoTenant: string;
    beforeAll(async () => {
      ssoTenant = (await t.createTenant(mspId, unique('Sso'), admin.token)).id;
    });

    it.each([
      ['entityId', 'idp.example.net/metadata'],
      ['entityId', '/metadata'],
      ['entityId', 'not a uri'],
      ['entityId', 'https://'],
      ['entityId', 'https:///metadata'],
      ['entityId', 'urn:x'],
      ['entityId', 'javascript:alert(1)'],
      ['entityId', 'data:text/html,hi'],
      ['entityId', 'https://idp.example.net/meta data'],
      ['entityId', 'https://idp.example.net/\u202emetadata'],
      ['entityId', 'https://idp.example.net/\u0000'],
      ['entityId', 'https://idp.example.net/\ud800'],
      ['ssoUrl', 'http://idp.example.net/sso'],
      ['ssoUrl', 'ftp://idp.example.net/sso'],
      ['ssoUrl', 'urn:example:idp'],
      ['ssoUrl', 'https://'],
      ['ssoUrl', 'https:///sso'],
      ['ssoUrl', 'https://user:secret@idp.example.net/sso'],
      ['ssoUrl', 'https://idp.example.net/s so'],
      ['ssoUrl', 'https://idp.example.net/\u202esso'],
      ['ssoUrl', 'https://idp.example.net/\ud800'],
      ['ssoUrl', 42],
    ])('refuses %s %j, naming the field', async (field, value) => {
      const response = await writesNothing(() => t.as(admin.token).put(paths.sso(ssoTenant)).send({ ...SSO_CONFIG, [field]: value }));
      expectFieldError(response, 400, field);
    });

    it('refuses an entityId over 1,024 characters, naming the field', async () => {
      const entityId = `https://idp.example.net/${'m'.repeat(1024)}`;
      const response = await writesNothing(() => t.as(admin.token).put(paths.sso(ssoTenant)).send({ ...SSO_CONFIG, entityId }));
      expectFieldError(response, 400, 'entityId');
    });

    it.each([
      ['an https URL', 'https://idp.example.net/metadata'],
      ['an http URL (older AD FS)', 'http://adfs.example.net/adfs/services/trust'],
      ['a urn', 'urn:federation:MicrosoftOnline'],
      ['an https URL with surrounding spaces (trimmed)', '  https://idp.example.net/other  '],
    ])('accepts an entityId that is %s', async (_name, entityId) => {
      const tenant = await t.createTenant(mspId, unique('Sso'), admin.token);
      const response = await t.as(admin.token).put(paths.sso(tenant.id)).send({ ...SSO_CONFIG, entityId });
      expect(response.status).toBe(200);
    });
  });

  describe('Cache-Control: no-store on every API answer (item 5)', () => {
    const expectNoStore = (response: Response, status: number) => {
      expect({ status: response.status, cacheControl: response.headers['cache-control'] }).toEqual({ status, cacheControl: 'no-store' });
    };

    it.each<[string, number, () => ReturnType<Client['get']>]>([
      ['GET /invite-links/:token', 200, () => t.anonymous().get(paths.publicLink(token))],
      ['GET /invite-links/<unknown>', 404, () => t.anonymous().get(paths.publicLink('no-such-token'))],
      ['GET /me', 200, () => t.as(admin.token).get(paths.me())],
      ['GET /me without a session', 401, () => t.anonymous().get(paths.me())],
      ['GET /tenants/:id/users', 200, () => t.as(admin.token).get(paths.users(tenantId))],
      ['GET /tenants/:id/invite-link', 200, () => t.as(admin.token).get(paths.inviteLink(tenantId))],
      ['GET /tenants/:id/invite-link/history', 200, () => t.as(admin.token).get(paths.history(tenantId))],
      ['GET /tenants/:id/users?limit=0', 400, () => t.as(admin.token).get(`${paths.users(tenantId)}?limit=0`)],
      ['POST /auth/sign-in, wrong password', 401, () => t.anonymous().post(paths.signIn()).send({ email: admin.email, password: 'wrong' })],
      ['POST /auth/sign-in', 200, () => t.anonymous().post(paths.signIn()).send({ email: admin.email, password: admin.password })],
      ['POST /auth/sign-in, empty body', 400, () => t.anonymous().post(paths.signIn()).send({})],
      ['POST /auth/sign-in, too deep', 400, () => t.anonymous().post(paths.signIn()).set('Content-Type', 'application/json').send(deeplyNested())],
      ['POST /auth/sign-in, too large', 400, () => t.anonymous().post(paths.signIn()).send({ email: 'x'.repeat(200_000) })],
      ['POST /auth/sign-in, text/plain', 400, () => t.anonymous().post(paths.signIn()).set('Content-Type', 'text/plain').send('x')],
      ['POST /msps as an admin', 403, () => t.as(admin.token).post(paths.msps()).send({ name: 'Nope' })],
      ['POST /msps/:id/admins, hostile email', 422, () => t.operator().post(paths.admins(mspId)).send({ ...account({ email: 'x\u0000@acme.com' }), permissions: ['manage_user_roles'] })],
      ['POST /tenants/<unknown>/users', 404, () => t.as(admin.token).post(paths.users('no-such-tenant')).send({ ...account(), roleId: 'member' })],
      ['GET an unknown /api path', 404, () => t.anonymous().get('/api/v1/no-such-thing')],
      ['POST an unknown /api path', 404, () => t.anonymous().post('/api/v2/anything').send({})],
      ['GET /api', 404, () => t.anonymous().get('/api')],
      ['GET /API/V1/ME (routes are case-insensitive)', 200, () => t.as(admin.token).get('/API/V1/ME')],
    ])('%s → %d with no-store', async (_name, status, call) => {
      expectNoStore(await call(), status);
    });

    it('POST /invite-links/:token/signups → 201 with no-store', async () => {
      expectNoStore(await t.anonymous().post(`${paths.publicLink(token)}/signups`).send(signup()), 201);
    });

    it('leaves the pages their own caching', async () => {
      const terms = await t.anonymous().get('/terms');
      expect(terms.status).toBe(200);
      expect(terms.headers['cache-control']).toBe('public, max-age=3600');
    });
  });
});
