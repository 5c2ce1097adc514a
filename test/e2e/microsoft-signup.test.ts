import type { Response } from 'supertest';
import { randomUUID } from 'node:crypto';
import {
  EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE,
  MICROSOFT_TENANT_NOT_ALLOWED_MESSAGE,
} from '../../src/modules/invite-links/domain/invite-link.messages';
import { type EntraUser } from '../support/entra-provider';
import { anMspWithAdmin, aTenantWithLink, usersOf as listUsers, useTestApp } from '../support/fixtures';
import { useTestAppWithMicrosoft } from '../support/microsoft-fixtures';
import { csrfFieldOf, decodeHtml as decode, FormBrowser as Browser } from '../support/form-browser';
import { Admin, aStrongPassword, anEmail, INVALID_LINK_MESSAGE, paths, PUBLIC_BASE_URL, unique } from '../support/test-app';

const FLOW_FAILED = 'Microsoft sign-in could not be completed. Start again from your invite link or the sign-in page.';
const TRY_AGAIN = 'Microsoft sign-in could not be completed. Please try again.';
const NO_ACCOUNT =
  'No account here uses this Microsoft account. If you were invited, open the invite link from your administrator to sign up.';
const CANCELLED = 'Sign-in was cancelled at Microsoft.';
const NOT_VERIFIED = 'Your Microsoft account did not provide a verified email address.';
const ALREADY_REGISTERED = 'User already registered';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Signup with a Microsoft account through an invite link (docs/http-api.md, Microsoft sign-in), against a local Entra-shaped IdP. */
describe('signup with Microsoft', () => {
  const { t, provider } = useTestAppWithMicrosoft();
  let admin: Admin;
  const contoso = randomUUID();

  const aUser = (overrides: Partial<EntraUser> = {}): EntraUser => ({
    tid: contoso,
    oid: randomUUID(),
    email: anEmail('ms'),
    xms_edov: true,
    name: 'Mia Microsoft',
    ...overrides,
  });

  async function aLink(settings: { allowedDomains?: string[] } = {}) {
    const { tenantId, token } = await aTenantWithLink(t, admin, settings, unique('MsJoin'));
    return { tenantId, token };
  }

  /** Join page → "Continue with Microsoft": returns the authorization URL the browser is sent to. */
  async function startAtJoinPage(browser: Browser, token: string): Promise<string> {
    const page = await browser.get(`/join/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Continue with Microsoft');
    expect(page.text).toContain(`action="/join/${token}/microsoft"`);
    const started = await browser.post(`/join/${token}/microsoft`, { _csrf: csrfFieldOf(page.text) });
    expect(started.status).toBe(303);
    const flowCookie = ([] as string[]).concat(started.headers['set-cookie'] ?? []).find((c) => c.startsWith('ms_flow='));
    expect(flowCookie).toMatch(/;\s*HttpOnly/i);
    expect(flowCookie).toMatch(/;\s*SameSite=Lax/i);
    const location = String(started.headers.location);
    expect(location.startsWith(`${provider().authority.replace('/v2.0', '')}/oauth2/v2.0/authorize`)).toBe(true);
    return location;
  }

  /** Signs the user in at the IdP and returns the callback path (with its query) to visit. */
  async function atMicrosoft(authorizationUrl: string, user: EntraUser): Promise<string> {
    const callback = await provider().signIn(authorizationUrl, user);
    expect(callback.origin).toBe(PUBLIC_BASE_URL);
    return `${callback.pathname}${callback.search}`;
  }

  async function signUp(token: string, user: EntraUser, browser = new Browser(t)): Promise<Response> {
    const callback = await atMicrosoft(await startAtJoinPage(browser, token), user);
    return browser.get(callback);
  }

  const expectPage = (response: Response, status: number, message: string) => {
    expect(response.status).toBe(status);
    expect(decode(response.text)).toContain(message);
  };

  /** The refusal is shown on the join page itself, at the top, with both ways to sign up still there. */
  const expectJoinPage = (response: Response, status: number, token: string, message: string) => {
    expectPage(response, status, message);
    const page = decode(response.text);
    expect(page).toMatch(/<h1>Join [^<]+<\/h1>/);
    expect(page).toMatch(new RegExp(`<div class="error-summary" role="alert"[^>]*>[\\s\\S]*<li>${escapeRegExp(message)}</li>`));
    expect(page).toContain(`action="/join/${token}/microsoft"`);
    expect(page).toContain(`action="/join/${token}"`);
  };

  const usersOf = (tenantId: string) => listUsers(t, admin.token, tenantId);

  beforeAll(async () => {
    ({ admin } = await anMspWithAdmin(t));
  });

  it('offers Microsoft on the public link', async () => {
    const { token } = await aLink();
    const response = await t.anonymous().get(paths.publicLink(token));
    expect(response.body.signupMethods).toEqual(['password', 'microsoft']);
  });

  it('creates the account keyed by the Microsoft identity and lands in the product', async () => {
    const { tenantId, token } = await aLink();
    const user = aUser();
    const browser = new Browser(t);
    const response = await signUp(token, user, browser);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/app');
    expect(browser.cookies.ms_flow).toBeUndefined();

    const app = await browser.get('/app');
    expect(app.status).toBe(200);
    expect(app.text).toContain(user.email);

    const users = await usersOf(tenantId);
    expect(users).toEqual([
      expect.objectContaining({ email: user.email, roleId: 'member', joinedVia: 'invite_link', signInMethod: 'microsoft' }),
    ]);
    const history = await t.as(admin.token).get(paths.history(tenantId));
    const joined = history.body.items.filter((item: { type: string }) => item.type === 'MemberJoinedViaInviteLink');
    expect(joined).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ userId: users[0].userId, roleId: 'member', method: 'microsoft' }),
      }),
    ]);
    const registered = (await t.readAllEvents()).find(
      (event) => event.type === 'UserRegistered' && event.data.userId === users[0].userId,
    );
    expect(registered?.data).toMatchObject({ signInMethod: 'microsoft' });
    expect(registered?.data).not.toHaveProperty('passwordHash');
    // No password: password sign-in never works for this account.
    const signIn = await t.anonymous().post(paths.signIn()).send({ email: user.email, password: aStrongPassword() });
    expect(signIn.status).toBe(401);
  });

  it('refuses an email that Microsoft did not verify (xms_edov false), writing nothing', async () => {
    const { tenantId, token } = await aLink();
    const before = await t.countEvents();
    expectJoinPage(await signUp(token, aUser({ xms_edov: false })), 403, token, NOT_VERIFIED);
    expect(await t.countEvents()).toBe(before);
    expect(await usersOf(tenantId)).toEqual([]);
  });

  it('refuses an attacker tenant claiming an allowed domain without verifying it (nOAuth), writing nothing', async () => {
    const { tenantId, token } = await aLink({ allowedDomains: ['victim.example'] });
    const before = await t.countEvents();
    const attacker = aUser({ tid: randomUUID(), email: `${unique('ceo')}@victim.example`, xms_edov: undefined });
    expectJoinPage(await signUp(token, attacker), 403, token, NOT_VERIFIED);
    expect(await t.countEvents()).toBe(before);
    expect(await usersOf(tenantId)).toEqual([]);
  });

  it('refuses the same Microsoft identity twice, even with another email', async () => {
    const { token } = await aLink();
    const user = aUser();
    expect((await signUp(token, user)).status).toBe(303);
    const before = await t.countEvents();
    expectJoinPage(await signUp(token, { ...user, email: anEmail('ms-other') }), 409, token, ALREADY_REGISTERED);
    expect(await t.countEvents()).toBe(before);
  });

  it('never links by email: an address registered with a password is refused', async () => {
    const { tenantId, token } = await aLink();
    const email = anEmail('pw');
    const password = aStrongPassword();
    const created = await t
      .anonymous()
      .post(`/api/v1/invite-links/${token}/signups`)
      .send({ firstName: 'Pat', lastName: 'Password', email, password, passwordConfirmation: password, acceptTerms: true });
    expect(created.status).toBe(201);
    // Another tenant's user claiming the same address (verified there): still refused.
    expectJoinPage(await signUp(token, aUser({ tid: randomUUID(), email: email.toUpperCase() })), 409, token, ALREADY_REGISTERED);
    expect((await usersOf(tenantId)).map((u) => u.signInMethod)).toEqual(['password']);
  });

  it('applies the domain allow-list to the verified email (R12)', async () => {
    const { tenantId, token } = await aLink({ allowedDomains: ['allowed.example'] });
    expectJoinPage(await signUp(token, aUser({ email: `${unique('x')}@evil.example` })), 403, token, EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE);
    expect((await signUp(token, aUser({ email: `${unique('ok')}@allowed.example` }))).status).toBe(303);
    expect(await usersOf(tenantId)).toHaveLength(1);
  });

  it('refuses with R16 when the link was disabled while the user was at Microsoft (R22)', async () => {
    const { tenantId, token } = await aLink();
    const browser = new Browser(t);
    const authorizationUrl = await startAtJoinPage(browser, token);
    const disabled = await t.as(admin.token).put(paths.inviteLink(tenantId)).send({ enabled: false });
    expect(disabled.status).toBe(200);
    const callback = await atMicrosoft(authorizationUrl, aUser());
    expectPage(await browser.get(callback), 404, INVALID_LINK_MESSAGE);
    expect(await usersOf(tenantId)).toEqual([]);
  });

  it('refuses with R16 when the link was regenerated while the user was at Microsoft (R22)', async () => {
    const { tenantId, token } = await aLink();
    const browser = new Browser(t);
    const authorizationUrl = await startAtJoinPage(browser, token);
    expect((await t.as(admin.token).post(paths.regenerate(tenantId))).status).toBeLessThan(300);
    const callback = await atMicrosoft(authorizationUrl, aUser());
    expectPage(await browser.get(callback), 404, INVALID_LINK_MESSAGE);
    expect(await usersOf(tenantId)).toEqual([]);
  });

  it('refuses a tampered state, writing nothing, and keeps the flow for the real answer', async () => {
    const { tenantId, token } = await aLink();
    const browser = new Browser(t);
    const callback = await atMicrosoft(await startAtJoinPage(browser, token), aUser());
    const flowCookie = browser.cookies.ms_flow;
    const before = await t.countEvents();
    const url = new URL(callback, PUBLIC_BASE_URL);
    url.searchParams.set('state', `${url.searchParams.get('state')}x`);
    const tampered = await browser.get(`${url.pathname}${url.search}`);
    expectJoinPage(tampered, 400, token, TRY_AGAIN);
    expect(tampered.headers['set-cookie'] ?? []).not.toContainEqual(expect.stringMatching(/^ms_flow=/));
    expect(browser.cookies.ms_flow).toBe(flowCookie);
    expect(await t.countEvents()).toBe(before);
    expect(await usersOf(tenantId)).toEqual([]);
    expect((await browser.get(callback)).status).toBe(303);
    expect(await usersOf(tenantId)).toHaveLength(1);
  });

  it.each([
    ['an error answer with a forged state', '?error=access_denied&state=bogus'],
    ['an error answer without state', '?error=access_denied'],
    ['a code with a forged state', '?code=forged&state=bogus'],
    ['nothing at all', ''],
  ])('leaves the flow in place on %s (another site can send the browser there)', async (_name, query) => {
    const { tenantId, token } = await aLink();
    const browser = new Browser(t);
    const callback = await atMicrosoft(await startAtJoinPage(browser, token), aUser());
    const forged = await browser.get(`/auth/microsoft/callback${query}`);
    expectJoinPage(forged, 400, token, TRY_AGAIN);
    expect(decode(forged.text)).not.toContain(CANCELLED);
    expect(browser.cookies.ms_flow).toEqual(expect.any(String));
    expect((await browser.get(callback)).status).toBe(303);
    expect(await usersOf(tenantId)).toHaveLength(1);
  });

  it('refuses a replayed callback, writing nothing', async () => {
    const { token } = await aLink();
    const browser = new Browser(t);
    const callback = await atMicrosoft(await startAtJoinPage(browser, token), aUser());
    const flowCookie = browser.cookies.ms_flow;
    expect((await browser.get(callback)).status).toBe(303);
    const before = await t.countEvents();
    browser.cookies.ms_flow = flowCookie;
    expectPage(await browser.get(callback), 400, FLOW_FAILED);
    expectPage(await new Browser(t).get(callback), 400, FLOW_FAILED);
    expect(await t.countEvents()).toBe(before);
  });

  it('says when the sign-in was cancelled at Microsoft', async () => {
    const { token } = await aLink();
    const browser = new Browser(t);
    const authorizationUrl = new URL(await startAtJoinPage(browser, token));
    const state = authorizationUrl.searchParams.get('state') ?? '';
    const before = await t.countEvents();
    expectJoinPage(await browser.get(`/auth/microsoft/callback?error=access_denied&state=${state}`), 400, token, CANCELLED);
    expect(await t.countEvents()).toBe(before);
  });

  it('refuses a start without a valid CSRF token, and answers R16 for an invalid link', async () => {
    const { token } = await aLink();
    const browser = new Browser(t);
    await browser.get(`/join/${token}`);
    expect((await browser.post(`/join/${token}/microsoft`, { _csrf: 'nope' })).status).toBe(403);
    const page = await browser.get(`/join/${token}`);
    expectPage(await browser.post(`/join/not-a-token/microsoft`, { _csrf: csrfFieldOf(page.text) }), 404, INVALID_LINK_MESSAGE);
  });

  describe('under attack: the start routes and the flow store', () => {
    const TOO_MANY_ATTEMPTS = 'Too many attempts';

    it('limits starts per client IP on both routes together, whatever email field is added', async () => {
      const { token } = await aLink();
      const browser = new Browser(t);
      const join = await browser.get(`/join/${token}`);
      await browser.get('/sign-in');
      // A wrong CSRF field: counted by the limit, no flow is started.
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) {
        const form = { _csrf: 'nope', email: `${unique('r')}@random.example` };
        statuses.push((await browser.post(i % 2 ? '/sign-in/microsoft' : `/join/${token}/microsoft`, form)).status);
      }
      expect(new Set(statuses)).toEqual(new Set([403]));
      for (const path of ['/sign-in/microsoft', `/join/${token}/microsoft`]) {
        const limited = await browser.post(path, { _csrf: csrfFieldOf(join.text), email: `${unique('r')}@random.example` });
        expect(limited.status).toBe(429);
        expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(limited.text).toContain(TOO_MANY_ATTEMPTS);
        expect(limited.headers['set-cookie'] ?? []).not.toContainEqual(expect.stringMatching(/^ms_flow=/));
      }
      // Another address is not held back.
      expect((await startAtJoinPage(new Browser(t), token)).length).toBeGreaterThan(0);
    });

    it("refuses new flows from one address past its bound (429, Retry-After, plain words) and never cancels another browser's", async () => {
      const { tenantId, token } = await aLink();
      const victim = new Browser(t);
      const victimAuthorization = await startAtJoinPage(victim, token);

      const attacker = new Browser(t);
      const page = await attacker.get('/sign-in');
      const csrf = csrfFieldOf(page.text);
      const started: number[] = [];
      for (let i = 0; i < 50; i++) {
        // A script keeps no flow cookie, so that each start is a new flow.
        delete attacker.cookies.ms_flow;
        started.push((await attacker.post('/sign-in/microsoft', { _csrf: csrf })).status);
      }
      expect(new Set(started)).toEqual(new Set([303]));
      delete attacker.cookies.ms_flow;
      const refused = await attacker.post('/sign-in/microsoft', { _csrf: csrf });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(500);
      expect(refused.text).toContain('<h1>Sign in</h1>');
      expect(decode(refused.text)).toContain(
        'Too many Microsoft sign-ins are in progress from your network right now. Please try again in 10 minutes.',
      );
      expect(refused.headers['set-cookie'] ?? []).not.toContainEqual(expect.stringMatching(/^ms_flow=[^;]/));

      // The victim's flow, started before all that, still completes.
      expect((await victim.get(await atMicrosoft(victimAuthorization, aUser()))).status).toBe(303);
      expect(await usersOf(tenantId)).toHaveLength(1);
    });

    it('lets a browser start again and again: its new flow replaces its own previous one', async () => {
      const { tenantId, token } = await aLink();
      const browser = new Browser(t);
      let first = '';
      let last = '';
      // More starts than the per-address bound of flows (50): never refused, since each replaces the last.
      for (let i = 0; i < 55; i++) {
        last = await startAtJoinPage(browser, token);
        first ||= last;
      }
      const firstCallback = await atMicrosoft(first, aUser());
      // The first flow is gone: its answer does not match the browser's flow, which stays.
      expectJoinPage(await browser.get(firstCallback), 400, token, TRY_AGAIN);
      expect((await browser.get(await atMicrosoft(last, aUser()))).status).toBe(303);
      expect(await usersOf(tenantId)).toHaveLength(1);
    });
  });

  describe('allowed Microsoft tenants of a link', () => {
    const fabrikam = randomUUID();

    it('is an admin setting: validated, shown, in the history and in past states', async () => {
      const { tenantId } = await aLink();
      const before = await t.countEvents();
      const invalid = await t
        .as(admin.token)
        .put(paths.inviteLink(tenantId))
        .send({ allowedMicrosoftTenantIds: [contoso, 'contoso.onmicrosoft.com'] });
      expect(invalid.status).toBe(422);
      expect(JSON.stringify(invalid.body)).toContain('allowedMicrosoftTenantIds');
      expect(JSON.stringify(invalid.body)).toContain('contoso.onmicrosoft.com');
      expect(await t.countEvents()).toBe(before);

      const set = await t
        .as(admin.token)
        .put(paths.inviteLink(tenantId))
        .send({ allowedMicrosoftTenantIds: `${contoso.toUpperCase()}, ${fabrikam}` });
      expect(set.status).toBe(200);
      // The admin's order is kept (like allowed domains), not sorted.
      expect(set.body.allowedMicrosoftTenantIds).toEqual([contoso, fabrikam]);
      const midway = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const cleared = await t.as(admin.token).put(paths.inviteLink(tenantId)).send({ allowedMicrosoftTenantIds: [] });
      // Omitted when the link does not restrict Microsoft tenants: the docs/http-api.md shape stays as it is.
      expect(cleared.body).not.toHaveProperty('allowedMicrosoftTenantIds');

      const history = await t.as(admin.token).get(paths.history(tenantId));
      const changes = history.body.items.filter((item: { type: string }) => item.type === 'InviteLinkMicrosoftTenantsChanged');
      expect(changes.map((item: { data: unknown }) => item.data)).toEqual([
        { added: [contoso, fabrikam], removed: [], tenantIds: [contoso, fabrikam] },
        { added: [], removed: [contoso, fabrikam], tenantIds: [] },
      ]);
      const past = await t.as(admin.token).get(`${paths.inviteLink(tenantId)}?at=${encodeURIComponent(midway)}`);
      expect(past.body.allowedMicrosoftTenantIds).toEqual([contoso, fabrikam]);
      expect((await t.as(admin.token).get(paths.inviteLink(tenantId))).body).not.toHaveProperty('allowedMicrosoftTenantIds');
    });

    it('lets only the listed Microsoft tenants sign up, shows the reason on the join page, and leaves passwords alone', async () => {
      const { tenantId, token } = await aLink();
      expect(
        (await t.as(admin.token).put(paths.inviteLink(tenantId)).send({ allowedMicrosoftTenantIds: [contoso] })).status,
      ).toBe(200);
      const before = await t.countEvents();
      const outsider = aUser({ tid: fabrikam });
      expectJoinPage(await signUp(token, outsider), 403, token, MICROSOFT_TENANT_NOT_ALLOWED_MESSAGE);
      expect(await t.countEvents()).toBe(before);
      expect(await usersOf(tenantId)).toEqual([]);

      expect((await signUp(token, aUser({ tid: contoso }))).status).toBe(303);
      const password = aStrongPassword();
      const byPassword = await t
        .anonymous()
        .post(`/api/v1/invite-links/${token}/signups`)
        .send({ firstName: 'Pat', lastName: 'Password', email: anEmail('pw-tid'), password, passwordConfirmation: password, acceptTerms: true });
      expect(byPassword.status).toBe(201);
      expect((await usersOf(tenantId)).map((u) => u.signInMethod).sort()).toEqual(['microsoft', 'password']);
    });

    it('is what keeps a foreign organization out of a domain-restricted link: xms_edov alone is trusted', async () => {
      // (Two links, two domains: a domain is claimed by one tenant of an MSP.)
      const foreign = (domain: string) => aUser({ tid: fabrikam, email: `${unique('intruder')}@${domain}`, xms_edov: true });

      // Domains only: a token from another organization that says the address is verified joins.
      const openDomain = `${unique('acme')}.example`;
      const open = await aLink({ allowedDomains: [openDomain] });
      expect((await signUp(open.token, foreign(openDomain))).status).toBe(303);
      expect(await usersOf(open.tenantId)).toHaveLength(1);

      // Domains and the organization's tenant id: the same kind of token is refused, the organization's own user joins.
      const domain = `${unique('acme')}.example`;
      const closed = await aLink({ allowedDomains: [domain] });
      const set = await t.as(admin.token).put(paths.inviteLink(closed.tenantId)).send({ allowedMicrosoftTenantIds: [contoso] });
      expect(set.status).toBe(200);
      const before = await t.countEvents();
      expectJoinPage(await signUp(closed.token, foreign(domain)), 403, closed.token, MICROSOFT_TENANT_NOT_ALLOWED_MESSAGE);
      expect(await t.countEvents()).toBe(before);
      expect((await signUp(closed.token, aUser({ tid: contoso, email: `${unique('own')}@${domain}` }))).status).toBe(303);
      expect(await usersOf(closed.tenantId)).toHaveLength(1);
    });

    it('applies a list set while the user was at Microsoft', async () => {
      const { tenantId, token } = await aLink();
      const browser = new Browser(t);
      const authorizationUrl = await startAtJoinPage(browser, token);
      await t.as(admin.token).put(paths.inviteLink(tenantId)).send({ allowedMicrosoftTenantIds: [fabrikam] });
      const callback = await atMicrosoft(authorizationUrl, aUser({ tid: contoso }));
      expectJoinPage(await browser.get(callback), 403, token, MICROSOFT_TENANT_NOT_ALLOWED_MESSAGE);
      expect(await usersOf(tenantId)).toEqual([]);
    });
  });

  describe('sign-in with Microsoft from /sign-in', () => {
    /** Sign-in page → "Sign in with Microsoft" → the IdP → the callback. */
    async function signIn(user: EntraUser, browser = new Browser(t)): Promise<Response> {
      const page = await browser.get('/sign-in');
      expect(page.status).toBe(200);
      expect(page.text).toContain('Sign in with Microsoft');
      expect(page.text).toContain('action="/sign-in/microsoft"');
      const started = await browser.post('/sign-in/microsoft', { _csrf: csrfFieldOf(page.text) });
      expect(started.status).toBe(303);
      return browser.get(await atMicrosoft(String(started.headers.location), user));
    }

    const expectSignInPage = (response: Response, status: number, message: string) => {
      expectPage(response, status, message);
      expect(response.text).toContain('<h1>Sign in</h1>');
      expect(response.text).toContain('action="/sign-in/microsoft"');
      const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
      expect(cookies.some((cookie) => cookie.startsWith('session=') && !/Expires=Thu, 01 Jan 1970/i.test(cookie))).toBe(false);
    };

    it('signs in the account that Microsoft identity created, found by (tid, oid)', async () => {
      const { tenantId, token } = await aLink();
      const user = aUser();
      expect((await signUp(token, user)).status).toBe(303);
      const before = await t.countEvents();

      const browser = new Browser(t);
      const response = await signIn({ ...user, email: anEmail('renamed') }, browser);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/app');
      const app = await browser.get('/app');
      expect(app.status).toBe(200);
      expect(app.text).toContain(user.email);
      expect(app.text).toContain(`data-tenant-id="${tenantId}"`);
      // Signing in writes nothing.
      expect(await t.countEvents()).toBe(before);
    });

    it('never signs in by email: another Microsoft account with the same verified email gets nothing', async () => {
      const { token } = await aLink();
      const victim = aUser();
      expect((await signUp(token, victim)).status).toBe(303);
      const attacker = aUser({ tid: randomUUID(), oid: randomUUID(), email: victim.email, xms_edov: true });
      expectSignInPage(await signIn(attacker), 401, NO_ACCOUNT);
      // Same oid in another tenant is another identity too.
      expectSignInPage(await signIn({ ...victim, tid: randomUUID() }), 401, NO_ACCOUNT);
    });

    it('says when no account uses the Microsoft account, and when the sign-in was cancelled', async () => {
      expectSignInPage(await signIn(aUser()), 401, NO_ACCOUNT);

      const browser = new Browser(t);
      const page = await browser.get('/sign-in');
      const started = await browser.post('/sign-in/microsoft', { _csrf: csrfFieldOf(page.text) });
      const state = new URL(String(started.headers.location)).searchParams.get('state') ?? '';
      expectSignInPage(await browser.get(`/auth/microsoft/callback?error=access_denied&state=${state}`), 400, CANCELLED);
    });

    it('refuses a start without a valid CSRF token and a replayed sign-in callback', async () => {
      const browser = new Browser(t);
      await browser.get('/sign-in');
      expect((await browser.post('/sign-in/microsoft', { _csrf: 'nope' })).status).toBe(403);

      const { token } = await aLink();
      const user = aUser();
      expect((await signUp(token, user)).status).toBe(303);
      const page = await browser.get('/sign-in');
      const started = await browser.post('/sign-in/microsoft', { _csrf: csrfFieldOf(page.text) });
      const callback = await atMicrosoft(String(started.headers.location), user);
      const flowCookie = browser.cookies.ms_flow;
      expect((await browser.get(callback)).status).toBe(303);
      browser.cookies.ms_flow = flowCookie;
      delete browser.cookies.session;
      const replayed = await browser.get(callback);
      expectPage(replayed, 400, FLOW_FAILED);
      expect(browser.cookies.session).toBeUndefined();
    });
  });

  describe('without MICROSOFT_CLIENT_ID', () => {
    const plain = useTestApp();

    it('shows no button, offers only passwords, and the Microsoft routes answer 404', async () => {
      const { admin: owner } = await anMspWithAdmin(plain);
      const { token } = await aTenantWithLink(plain, owner, {}, unique('Plain'));
      expect((await plain.anonymous().get(paths.publicLink(token))).body.signupMethods).toEqual(['password']);
      const browser = new Browser(plain);
      const page = await browser.get(`/join/${token}`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('Continue with Microsoft');
      expect((await browser.post(`/join/${token}/microsoft`, { _csrf: csrfFieldOf(page.text) })).status).toBe(404);
      expect((await browser.get('/auth/microsoft/callback?code=x&state=y')).status).toBe(404);
      const signInPage = await browser.get('/sign-in');
      expect(signInPage.text).not.toContain('Sign in with Microsoft');
      expect((await browser.post('/sign-in/microsoft', { _csrf: csrfFieldOf(signInPage.text) })).status).toBe(404);
    });
  });
});
