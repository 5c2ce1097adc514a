import type { Response } from 'supertest';
import { RATE_LIMIT_POLICIES } from '../../src/shared/http/rate-limit/rate-limit.policies';
import { EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE } from '../../src/modules/invite-links/domain/invite-link.messages';
import { PASSWORD_PROBLEM_MESSAGES } from '../../src/modules/accounts/domain/password-policy';
import { aJoinForm, enableLink as enableLinkOf, LinkSettings, useTestApp } from '../support/fixtures';
import { csrfFieldOf, decodeHtml as decode, fieldErrorOf as fieldError, FormBrowser as Browser, setCookiesOf as setCookies } from '../support/form-browser';
import {
  Admin,
  aStrongPassword,
  INVALID_LINK_MESSAGE,
  paths,
  unique,
} from '../support/test-app';

/** The server-rendered pages (docs/http-api.md, "Pages", R13–R16, R19), over HTTP without JavaScript. */
describe('pages', () => {
  const t = useTestApp();
  let admin: Admin;
  let tenant: { id: string; name: string };
  let token: string;

  // ---- helpers ----------------------------------------------------------------------------

  /** The page's own content, without the header and footer around it. */
  const mainOf = (html: string): string => /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';

  const inputValue = (html: string, id: string): string | null => {
    const match = new RegExp(`<input id="${id}"[^>]* value="([^"]*)"`).exec(html);
    return match ? decode(match[1]) : null;
  };

  const aValidSignup = aJoinForm;

  /** Opens the join page and submits the form as a browser without JavaScript would. */
  const submitJoin = async (browser: Browser, form: Record<string, string>, linkToken = token) => {
    const page = await browser.get(`/join/${linkToken}`);
    expect(page.status).toBe(200);
    return browser.post(`/join/${linkToken}`, { _csrf: csrfFieldOf(page.text), ...form });
  };

  const enableLink = async (tenantId: string, settings: LinkSettings = {}): Promise<string> =>
    (await enableLinkOf(t, admin.token, tenantId, settings)).token;

  const expectStrictHeaders = (response: Response) => {
    const csp = String(response.headers['content-security-policy']);
    const directives = Object.fromEntries(
      csp.split(';').map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives).toMatchObject({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
      'base-uri': "'none'",
    });
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
  };

  /** Every URL in the page is this site's; nothing inline that a strict CSP would block. */
  const expectSelfContained = (html: string) => {
    const urls = [...html.matchAll(/\b(?:src|href|action|formaction|poster|data)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^(\/(?!\/)|#)/);
    expect(html).not.toMatch(/https?:\/\/|\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  };

  beforeAll(async () => {
    ({ admin, tenant } = await t.anMspWithTenant());
    token = await enableLink(tenant.id);
  });

  // ---- headers and self-containment -----------------------------------------------------

  describe('security headers', () => {
    it('sends a strict CSP, no-referrer and no-store on the join page', async () => {
      const response = await new Browser(t).get(`/join/${token}`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
      expectStrictHeaders(response);
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('sends the same on the invalid-link page, /sign-in and /app', async () => {
      const browser = await signedInBrowser();
      for (const path of ['/join/not-a-real-token', '/sign-in', '/app']) {
        const response = await browser.get(path);
        expect({ path, status: response.status }).toEqual({ path, status: path.startsWith('/join') ? 404 : 200 });
        expectStrictHeaders(response);
        expect(response.headers['cache-control']).toBe('no-store');
      }
    });

    it('sends the strict CSP on the static pages and on API answers too', async () => {
      for (const path of ['/terms', '/privacy', '/health', '/api/v1/me']) {
        expectStrictHeaders(await t.anonymous().get(path));
      }
    });

    it('keeps the OpenAPI UI working with its own self-only CSP', async () => {
      const page = await t.anonymous().get('/api/docs').redirects(2);
      expect(page.status).toBe(200);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).not.toMatch(/https?:|\*/);
      const assets = [...page.text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
      expect(assets.length).toBeGreaterThanOrEqual(3);
      for (const asset of assets) {
        const url = new URL(asset, `${t.url}/api/docs/`).pathname;
        const response = await t.anonymous().get(url);
        expect({ url, status: response.status }).toEqual({ url, status: 200 });
      }
    });

    it('does not put third-party URLs, inline scripts, inline styles or handlers in any page', async () => {
      const browser = await signedInBrowser();
      for (const path of [`/join/${token}`, '/join/nope', '/sign-in', '/app', '/terms', '/privacy']) {
        const response = await browser.get(path);
        expectSelfContained(response.text);
      }
    });
  });

  // ---- assets ---------------------------------------------------------------------------

  describe('assets', () => {
    it('serves the stylesheet and the script from /assets with long cache headers', async () => {
      const page = await new Browser(t).get(`/join/${token}`);
      const css = /<link rel="stylesheet" href="(\/assets\/app\.[0-9a-f]+\.css)">/.exec(page.text)?.[1];
      const js = /<script src="(\/assets\/join\.[0-9a-f]+\.js)" defer><\/script>/.exec(page.text)?.[1];
      expect(css).toBeDefined();
      expect(js).toBeDefined();
      const style = await t.anonymous().get(css!);
      expect(style.status).toBe(200);
      expect(style.headers['content-type']).toMatch(/^text\/css/);
      expect(style.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(style.text).toContain(':focus-visible');
      const script = await t.anonymous().get(js!).buffer(true).parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
      expect(script.status).toBe(200);
      expect(script.headers['content-type']).toMatch(/^text\/javascript/);
      expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const code = script.body as string;
      expect(code).toContain(PASSWORD_PROBLEM_MESSAGES.missing_special);
      expect(code).not.toMatch(/\beval\s*\(|new\s+Function|setTimeout\s*\(\s*['"`]|innerHTML|document\.write/);
      expect(() => new Function(code)).not.toThrow(); // it parses (not run)
    });

    it('answers 404 for unknown assets', async () => {
      expect((await t.anonymous().get('/assets/nope.js')).status).toBe(404);
    });
  });

  // ---- the join page ----------------------------------------------------------------------

  describe('GET /join/:token', () => {
    it('shows "Join [Organization Name]" with every field labelled, the password rules and the sign-in link', async () => {
      const response = await new Browser(t).get(`/join/${token}`);
      const html = response.text;
      expect(html).toContain(`<h1>Join ${tenant.name}</h1>`);
      expect(html).toContain(`<title>Join ${tenant.name} · Account invitations</title>`);
      const fields = {
        firstName: 'text',
        lastName: 'text',
        email: 'email',
        password: 'password',
        passwordConfirmation: 'password',
        acceptTerms: 'checkbox',
      };
      for (const [id, type] of Object.entries(fields)) {
        expect(html).toMatch(new RegExp(`<input id="${id}" name="${id}" type="${type}"`));
        expect(html).toMatch(new RegExp(`<label for="${id}">`));
      }
      expect(html).toMatch(/<form method="post" action="\/join\/[^"]+" data-join-form novalidate>/);
      expect(html).toMatch(/<a href="\/sign-in">Sign in<\/a>/);
      expect(html).toMatch(/href="\/terms"[^>]*>Terms of Service<\/a>/);
      expect(html).toMatch(/href="\/privacy"[^>]*>Privacy Policy<\/a>/);
      expect(html).toContain('At least 8 characters');
      expect(html).toContain('A special character');
      expect(html).not.toContain('Continue with Microsoft');
      expect(csrfFieldOf(html)).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
      const csrfCookie = setCookies(response).csrf;
      expect(csrfCookie.raw).toMatch(/;\s*HttpOnly/i);
      expect(csrfCookie.raw).toMatch(/;\s*SameSite=Lax/i);
      expect(csrfCookie.raw).toMatch(/;\s*Path=\//i);
    });

    it('escapes the organization name', async () => {
      const name = `<b>Acme & "Co"</b> ${unique('x')}`;
      const evil = await t.createTenant(admin.mspId, name, admin.token);
      const evilToken = await enableLink(evil.id);
      const html = (await new Browser(t).get(`/join/${evilToken}`)).text;
      expect(html).not.toContain('<b>Acme');
      expect(html).toContain(`Join &lt;b&gt;Acme &amp; &quot;Co&quot;&lt;/b&gt;`);
    });

    it('answers every invalid link with the same 404 page that shows only the R16 message', async () => {
      const disabledTenant = await t.createTenant(admin.mspId, unique('Disabled'), admin.token);
      const disabledToken = await enableLink(disabledTenant.id);
      await t.as(admin.token).put(paths.inviteLink(disabledTenant.id)).send({ enabled: false }).expect(200);
      const regeneratedTenant = await t.createTenant(admin.mspId, unique('Regenerated'), admin.token);
      const oldToken = await enableLink(regeneratedTenant.id);
      await t.as(admin.token).post(paths.regenerate(regeneratedTenant.id)).expect(200);
      const canceledTenant = await t.createTenant(admin.mspId, unique('Canceled'), admin.token);
      const canceledToken = await enableLink(canceledTenant.id);
      await t.operator().post(paths.cancel(canceledTenant.id)).expect(200);

      const candidates = [
        disabledToken,
        oldToken,
        canceledToken,
        `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
        'x',
        'A'.repeat(300),
        '%3Cscript%3E',
      ];
      const responses = await Promise.all(candidates.map((candidate) => new Browser(t).get(`/join/${candidate}`)));
      for (const response of responses) {
        expect(response.status).toBe(404);
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.headers['referrer-policy']).toBe('no-referrer');
        expect(response.headers['set-cookie']).toBeUndefined();
        expect(response.text).toBe(responses[0].text);
      }
      const html = responses[0].text;
      expect(html).toContain(INVALID_LINK_MESSAGE);
      expect(html).not.toMatch(/<form|<input|Join /);
    });
  });

  // ---- the no-JS signup flow ------------------------------------------------------------

  describe('POST /join/:token', () => {
    it('signs up without JavaScript: 303 to /app with a session cookie, and /app shows the tenant and the role', async () => {
      const browser = new Browser(t);
      const form = aValidSignup();
      const response = await submitJoin(browser, form);
      expect({ status: response.status, location: response.headers.location }).toEqual({ status: 303, location: '/app' });
      const session = setCookies(response).session;
      expect(session.raw).toMatch(/;\s*HttpOnly/i);
      expect(session.raw).toMatch(/;\s*SameSite=(Lax|Strict)/i);
      expect(response.headers['cache-control']).toBe('no-store');

      const app = await browser.get('/app');
      expect(app.status).toBe(200);
      expect(app.text).toContain('Nina Newcomer');
      expect(app.text).toContain(form.email);
      expect(app.text).toMatch(new RegExp(`<tr data-tenant-id="${tenant.id}" data-role-id="member"><td>${tenant.name}</td><td>Member</td></tr>`));
      expect(mainOf(app.text)).not.toMatch(/invite|allowed domain|default role/i);
    });

    it('re-renders the form with each message next to its field and keeps the values except passwords', async () => {
      const browser = new Browser(t);
      const form = aValidSignup({ password: 'weak', passwordConfirmation: 'different' });
      const response = await submitJoin(browser, form);
      expect(response.status).toBe(422);
      expect(response.headers['cache-control']).toBe('no-store');
      const html = response.text;
      for (const message of [
        PASSWORD_PROBLEM_MESSAGES.too_short,
        PASSWORD_PROBLEM_MESSAGES.missing_uppercase,
        PASSWORD_PROBLEM_MESSAGES.missing_digit,
        PASSWORD_PROBLEM_MESSAGES.missing_special,
      ]) {
        expect(fieldError(html, 'password')).toContain(message);
      }
      expect(fieldError(html, 'passwordConfirmation')).not.toBe('');
      expect(fieldError(html, 'email')).toBe('');
      expect(html).toMatch(/<input id="password"[^>]* aria-invalid="true"/);
      expect(inputValue(html, 'firstName')).toBe(form.firstName);
      expect(inputValue(html, 'lastName')).toBe(form.lastName);
      expect(inputValue(html, 'email')).toBe(form.email);
      expect(inputValue(html, 'password')).toBe('');
      expect(inputValue(html, 'passwordConfirmation')).toBe('');
      expect(html).not.toContain('weak');
      expect(html).toMatch(/<input id="acceptTerms"[^>]* checked/);
      expect(html).toContain('role="alert"');
      expect(setCookies(response).session).toBeUndefined();
    });

    it("checks what the API's DTO would (required names, lengths) together with the rules, and writes nothing", async () => {
      const before = await t.countEvents();
      const response = await submitJoin(
        new Browser(t),
        aValidSignup({ firstName: '   ', lastName: 'L'.repeat(101), email: '', password: 'short', passwordConfirmation: 'short' }),
      );
      expect(response.status).toBe(422);
      expect(fieldError(response.text, 'firstName')).toBe('Enter your first name.');
      expect(fieldError(response.text, 'lastName')).toBe('Last name must be at most 100 characters.');
      expect(fieldError(response.text, 'email')).not.toBe('');
      expect(fieldError(response.text, 'password')).toContain(PASSWORD_PROBLEM_MESSAGES.too_short);
      expect(await t.countEvents()).toBe(before);
    });

    it('shows a mismatched confirmation next to the confirmation', async () => {
      const response = await submitJoin(new Browser(t), aValidSignup({ passwordConfirmation: aStrongPassword() }));
      expect(response.status).toBe(422);
      expect(fieldError(response.text, 'passwordConfirmation')).not.toBe('');
      expect(fieldError(response.text, 'password')).toBe('');
    });

    it('requires the Terms of Service and Privacy Policy (R14)', async () => {
      const { acceptTerms: _omitted, ...form } = aValidSignup();
      const response = await submitJoin(new Browser(t), form);
      expect(response.status).toBe(422);
      expect(fieldError(response.text, 'acceptTerms')).not.toBe('');
      expect(response.text).not.toMatch(/<input id="acceptTerms"[^>]* checked/);
    });

    it('shows "User already registered" next to the email for a registered email, whatever its case (R11)', async () => {
      const existing = await t.addTenantUser(tenant.id, admin.token);
      const response = await submitJoin(new Browser(t), aValidSignup({ email: existing.email.toUpperCase() }));
      expect(response.status).toBe(409);
      expect(fieldError(response.text, 'email')).toMatch(/^User already registered\.?$/);
      expect(setCookies(response).session).toBeUndefined();
    });

    it('refuses an email outside the allowed domains next to the email (R12)', async () => {
      const restricted = await t.createTenant(admin.mspId, unique('Restricted'), admin.token);
      const restrictedToken = await enableLink(restricted.id, { allowedDomains: [`${unique('allowed')}.example`] });
      const response = await submitJoin(new Browser(t), aValidSignup(), restrictedToken);
      expect(response.status).toBe(403);
      expect(fieldError(response.text, 'email')).toBe(EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE);
    });

    it('answers a link that stopped working between GET and POST with the R16 page', async () => {
      const closing = await t.createTenant(admin.mspId, unique('Closing'), admin.token);
      const closingToken = await enableLink(closing.id);
      const browser = new Browser(t);
      const page = await browser.get(`/join/${closingToken}`);
      await t.as(admin.token).put(paths.inviteLink(closing.id)).send({ enabled: false }).expect(200);
      const response = await browser.post(`/join/${closingToken}`, { _csrf: csrfFieldOf(page.text), ...aValidSignup() });
      expect(response.status).toBe(404);
      expect(response.text).toBe((await new Browser(t).get('/join/nope')).text);
    });
  });

  // ---- CSRF -----------------------------------------------------------------------------

  describe('CSRF', () => {
    const expectRefused = async (response: Response, before: number) => {
      expect(response.status).toBe(403);
      expect(response.text).toContain('This form has expired. Reload the page and try again.');
      expect(setCookies(response).session).toBeUndefined();
      expect(await t.countEvents()).toBe(before);
    };

    it('refuses a join post without a token, with a wrong one, or with another browser’s, and writes nothing', async () => {
      const before = await t.countEvents();
      const browser = new Browser(t);
      const page = await browser.get(`/join/${token}`);
      const valid = csrfFieldOf(page.text);
      const other = new Browser(t);
      const otherToken = csrfFieldOf((await other.get(`/join/${token}`)).text);

      await expectRefused(await browser.post(`/join/${token}`, aValidSignup()), before);
      await expectRefused(await browser.post(`/join/${token}`, { _csrf: `${valid}x`, ...aValidSignup() }), before);
      await expectRefused(await browser.post(`/join/${token}`, { _csrf: otherToken, ...aValidSignup() }), before);
      await expectRefused(await new Browser(t).post(`/join/${token}`, { _csrf: valid, ...aValidSignup() }), before);
      const forged = `${(Date.now() - 13 * 3600 * 1000).toString(36)}.${valid.split('.')[1]}`;
      await expectRefused(await browser.post(`/join/${token}`, { _csrf: forged, ...aValidSignup() }), before);
    });

    it('refuses a post from another site even with a valid token (Origin, Sec-Fetch-Site)', async () => {
      const before = await t.countEvents();
      const browser = new Browser(t);
      const valid = csrfFieldOf((await browser.get(`/join/${token}`)).text);
      await expectRefused(
        await browser.post(`/join/${token}`, { _csrf: valid, ...aValidSignup() }, { Origin: 'https://evil.example' }),
        before,
      );
      await expectRefused(
        await browser.post(`/join/${token}`, { _csrf: valid, ...aValidSignup() }, { 'Sec-Fetch-Site': 'cross-site' }),
        before,
      );
      await expectRefused(await browser.post(`/join/${token}`, { _csrf: valid, ...aValidSignup() }, { Origin: 'null' }), before);
    });

    it('protects sign-in and sign-out too', async () => {
      const user = await t.addTenantUser(tenant.id, admin.token);
      const browser = new Browser(t);
      await browser.get('/sign-in');
      const signIn = await browser.post('/sign-in', { email: user.email, password: user.password });
      expect(signIn.status).toBe(403);
      expect(setCookies(signIn).session).toBeUndefined();

      const signedIn = await signedInBrowser();
      const signOut = await signedIn.post('/sign-out', {});
      expect(signOut.status).toBe(403);
      expect(signedIn.cookies.session).toBeDefined();
      expect((await signedIn.get('/app')).status).toBe(200);
    });

    it('rate-limits form posts like the API, answering with a page', async () => {
      const browser = new Browser(t);
      let last: Response | undefined;
      const limit = RATE_LIMIT_POLICIES.signup.find((rule) => rule.name === 'signup-ip')!.points;
      for (let attempt = 0; attempt <= limit; attempt += 1) last = await browser.post(`/join/${token}`, aValidSignup());
      expect(last!.status).toBe(429);
      expect(last!.headers['retry-after']).toMatch(/^\d+$/);
      expect(last!.headers['content-type']).toMatch(/^text\/html/);
      expect(last!.text).toContain('Too many attempts. Wait a minute and try again.');
    });

    it('keeps the API JSON-only: a form-encoded body is not parsed there', async () => {
      const user = await t.addTenantUser(tenant.id, admin.token);
      const response = await t
        .anonymous()
        .post(paths.signIn())
        .type('form')
        .send({ email: user.email, password: user.password });
      expect(response.status).toBe(400);
    });
  });

  // ---- sign-in, /app, sign-out ----------------------------------------------------------

  /** A tenant user signed in through the sign-in page. */
  async function signedInBrowser(): Promise<Browser> {
    const user = await t.addTenantUser(tenant.id, admin.token);
    const browser = new Browser(t);
    const page = await browser.get('/sign-in');
    const response = await browser.post('/sign-in', { _csrf: csrfFieldOf(page.text), email: user.email, password: user.password });
    expect(response.status).toBe(303);
    return browser;
  }

  describe('sign-in and /app', () => {
    it('sends /app without a session (or with a bad one) to /sign-in', async () => {
      const anonymous = await new Browser(t).get('/app');
      expect({ status: anonymous.status, location: anonymous.headers.location }).toEqual({ status: 303, location: '/sign-in' });
      const forged = new Browser(t);
      forged.cookies.session = 'not-a-session';
      const response = await forged.get('/app');
      expect({ status: response.status, location: response.headers.location }).toEqual({ status: 303, location: '/sign-in' });
    });

    it('shows a labelled sign-in form', async () => {
      const html = (await new Browser(t).get('/sign-in')).text;
      expect(html).toContain('<h1>Sign in</h1>');
      expect(html).toMatch(/<label for="email">Email<\/label>\s*<input id="email" name="email" type="email"/);
      expect(html).toMatch(/<label for="password">Password<\/label>\s*<input id="password" name="password" type="password"/);
      expect(html).toMatch(/<form method="post" action="\/sign-in" novalidate>/);
    });

    it('signs a tenant user in (303 to /app, session cookie) and /app shows their tenant and role', async () => {
      const user = await t.addTenantUser(tenant.id, admin.token, { firstName: 'Tess', lastName: 'Tenant', roleId: 'technician' });
      const browser = new Browser(t);
      const page = await browser.get('/sign-in');
      const response = await browser.post('/sign-in', { _csrf: csrfFieldOf(page.text), email: user.email, password: user.password });
      expect({ status: response.status, location: response.headers.location }).toEqual({ status: 303, location: '/app' });
      const session = setCookies(response).session;
      expect(session.raw).toMatch(/;\s*HttpOnly/i);
      expect(session.raw).toMatch(/;\s*SameSite=Lax/i);
      expect(session.raw).not.toMatch(/;\s*Secure/i); // the test app's public URL is http

      const app = await browser.get('/app');
      expect(app.status).toBe(200);
      expect(app.text).toContain('Welcome, Tess Tenant');
      expect(app.text).toContain(
        `<tr data-tenant-id="${tenant.id}" data-role-id="technician"><td>${tenant.name}</td><td>Technician</td></tr>`,
      );
      expect(mainOf(app.text)).not.toMatch(/invite|allowed domain|default role/i);
    });

    it('answers wrong credentials with one generic message and no session', async () => {
      const user = await t.addTenantUser(tenant.id, admin.token);
      for (const form of [
        { email: user.email, password: `${user.password}x` },
        { email: 'nobody@nowhere.example', password: user.password },
        { email: '', password: '' },
      ]) {
        const browser = new Browser(t);
        const page = await browser.get('/sign-in');
        const response = await browser.post('/sign-in', { _csrf: csrfFieldOf(page.text), ...form });
        expect(response.status).toBe(401);
        expect(response.text).toContain('Invalid email or password.');
        expect(setCookies(response).session).toBeUndefined();
        expect(inputValue(response.text, 'email')).toBe(form.email);
        expect(response.text).not.toContain(form.password || 'no-password');
      }
    });

    it('signs out: clears the cookie and goes back to /sign-in', async () => {
      const browser = await signedInBrowser();
      const app = await browser.get('/app');
      const response = await browser.post('/sign-out', { _csrf: csrfFieldOf(app.text) });
      expect({ status: response.status, location: response.headers.location }).toEqual({ status: 303, location: '/sign-in' });
      expect(setCookies(response).session.raw).toMatch(/Expires=Thu, 01 Jan 1970/i);
      expect(browser.cookies.session).toBeUndefined();
      expect((await browser.get('/app')).status).toBe(303);
    });

    it('serves the Terms of Service and the Privacy Policy', async () => {
      for (const [path, title] of [['/terms', 'Terms of Service'], ['/privacy', 'Privacy Policy']]) {
        const response = await t.anonymous().get(path);
        expect(response.status).toBe(200);
        expect(response.text).toContain(`<h1>${title}</h1>`);
      }
    });
  });
});
