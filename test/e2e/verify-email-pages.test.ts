import request, { type Response } from 'supertest';
import { EMAIL_NOT_VERIFIED_MESSAGE } from '../../src/modules/accounts/use-cases/sign-in/sign-in.handler';
import {
  VERIFICATION_CODE_EXPIRED,
  VERIFICATION_CODE_INVALID,
  VERIFICATION_CODE_USED,
} from '../../src/modules/accounts/domain/email-reservation.decider';
import { EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE } from '../../src/modules/invite-links/domain/invite-link.messages';
import { aJoinForm, aTenantWithLink, anMspWithAdmin, useTestApp } from '../support/fixtures';
import { csrfFieldOf, decodeHtml, FormBrowser as Browser, setCookiesOf } from '../support/form-browser';
import { CaughtMail, linksIn, SmtpCatcher } from '../support/smtp-catcher';
import { Admin, anEmail, INVALID_LINK_MESSAGE, paths, unique } from '../support/test-app';

/**
 * The pages of email verification over HTTP, without JavaScript: the "Check your email" answer
 * of a signup on a link that requires verification and its "Send the link again" form, the page
 * the mailed link opens (which writes nothing: mail scanners fetch links), its one button, and
 * the sign-in page of someone who has not confirmed yet. A real SMTP server catches the mails.
 */
jest.setTimeout(60_000);

const RESENT = 'If a signup is waiting for this address, we sent the link again.';
const TTL_MINUTES = 60;

let catcher: SmtpCatcher;
beforeAll(async () => {
  catcher = await SmtpCatcher.start();
});
afterAll(async () => {
  await catcher?.stop();
});

const t = useTestApp(() => ({
  controllableClock: true,
  logLevel: 'debug',
  env: { SMTP_URL: catcher.url, MAIL_OUTBOX_POLL_MS: '100', EMAIL_VERIFICATION_TTL_MINUTES: String(TTL_MINUTES) },
}));

let admin: Admin;
/** A link that requires email verification, and its tenant. */
let verifying: { tenantId: string; name: string; token: string };

beforeAll(async () => {
  ({ admin } = await anMspWithAdmin(t));
  verifying = await aVerifyingLink();
});

async function aVerifyingLink(settings: Record<string, unknown> = {}): Promise<{ tenantId: string; name: string; token: string }> {
  const name = unique('Verified Co');
  const { tenantId, token } = await aTenantWithLink(t, admin, {}, name);
  const put = await t.as(admin.token).put(paths.inviteLink(tenantId)).send({ requireEmailVerification: true, ...settings });
  expect(put.status).toBe(200);
  return { tenantId, name, token };
}

/** The page's own content, without the header and footer around it. */
const mainOf = (html: string): string => /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
/** The visible words of an HTML fragment, decoded, on one line. */
const wordsOf = (html: string): string => decodeHtml(html.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();

/** Waits until every caught mail is recorded as sent, so that counting events is not racing the outbox. */
async function outboxSettled(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const sent = (await t.readAllEvents()).filter((event) => event.type === 'MailSent').length;
    if (sent === catcher.mails.length) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('The outbox did not record the mails the catcher received');
}

/** The nth mail to this address (the first unless told), once it has arrived. */
async function mailTo(email: string, nth = 1): Promise<CaughtMail> {
  const matching = () => catcher.mails.filter((mail) => mail.to.includes(email));
  await catcher.waitForMail(() => matching().length >= nth);
  return matching()[nth - 1];
}

/** The code of the one link in a verification mail. */
function codeIn(mail: CaughtMail): string {
  const [link, ...others] = linksIn(mail);
  expect(others).toEqual([]);
  const url = new URL(link);
  expect(url.pathname).toMatch(/^\/verify-email\/[A-Za-z0-9_-]{43}$/);
  return url.pathname.split('/').pop()!;
}

/** Signs up through the join page of a verifying link; the answer, and the code from the mail. */
async function aPendingSignup(link = verifying, overrides: Record<string, string> = {}) {
  const browser = new Browser(t);
  const form = aJoinForm(overrides);
  const page = await browser.get(`/join/${link.token}`);
  const answer = await browser.post(`/join/${link.token}`, { _csrf: csrfFieldOf(page.text), ...form });
  expect(answer.status).toBe(202);
  const mail = await mailTo(form.email);
  await outboxSettled();
  return { browser, form, email: form.email, password: form.password, answer, mail, code: codeIn(mail) };
}

async function statusOf(tenantId: string, email: string): Promise<string | undefined> {
  const users = await t.as(admin.token).get(`${paths.users(tenantId)}?limit=100`);
  expect(users.status).toBe(200);
  return (users.body.items as { email: string; status: string }[]).find((user) => user.email === email)?.status;
}

function expectPageHeaders(response: Response): void {
  expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  expect(String(response.headers['content-security-policy'])).toContain("form-action 'self'");
}

describe('the "Check your email" page', () => {
  it('answers a signup on a link that requires verification: 202, where the link went, no session, no membership', async () => {
    const { answer, email } = await aPendingSignup();
    expectPageHeaders(answer);
    expect(setCookiesOf(answer).session).toBeUndefined();
    const main = mainOf(answer.text);
    expect(main).toContain('<h1>Check your email</h1>');
    expect(wordsOf(main)).toContain(
      `We sent a link to ${email}. Open it to finish joining ${verifying.name}. The link works for ${TTL_MINUTES} minutes, once.`,
    );
    // The join page's frame: the organization's name in the header.
    expect(answer.text).toContain(`<span class="brand">${verifying.name}</span>`);
    expect(main).toContain(`action="/join/${verifying.token}/resend"`);
    expect(main).toContain('>Send the link again</button>');
    expect(await statusOf(verifying.tenantId, email)).toBe('pending');
  });

  it('sends the same link again, and answers an unknown address with the very same page', async () => {
    const { browser, email, answer, code } = await aPendingSignup();
    const resend = (who: Browser, address: string) =>
      who.post(`/join/${verifying.token}/resend`, { _csrf: csrfFieldOf(answer.text), email: address });

    const resent = await resend(browser, email);
    expect(resent.status).toBe(202);
    expectPageHeaders(resent);
    expect(wordsOf(mainOf(resent.text))).toContain(RESENT);
    expect(codeIn(await mailTo(email, 2))).toBe(code);

    // An address nobody signed up with, and a member's: the same answer, word for word.
    const member = await t.addTenantUser(verifying.tenantId, admin.token);
    for (const other of [anEmail('nobody'), member.email]) {
      const otherBrowser = new Browser(t);
      const page = await otherBrowser.get(`/join/${verifying.token}`);
      const answerForOther = await otherBrowser.post(`/join/${verifying.token}/resend`, { _csrf: csrfFieldOf(page.text), email: other });
      expect(answerForOther.status).toBe(resent.status);
      const same = (html: string, address: string) => mainOf(html).replace(/name="_csrf" value="[^"]+"/, '').split(address).join('<address>');
      expect(same(answerForOther.text, other)).toBe(same(resent.text, email));
    }
    await outboxSettled();
    expect(catcher.mails.filter((mail) => mail.to.includes(email))).toHaveLength(2);
  });

  it('refuses "Send the link again" without a valid CSRF token, and sends nothing', async () => {
    const { email } = await aPendingSignup();
    const before = await t.countEvents();
    const refused = await new Browser(t).post(`/join/${verifying.token}/resend`, { email });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('This form has expired. Reload the page and try again.');
    await new Promise((resolve) => setTimeout(resolve, 300)); // a few outbox polls
    expect(await t.countEvents()).toBe(before);
    expect(catcher.mails.filter((mail) => mail.to.includes(email))).toHaveLength(1);
  });
});

describe('GET /verify-email/:code', () => {
  it('shows the address and the organization with ONE button, and writes nothing (GET and HEAD, as mail scanners do)', async () => {
    const { email, code } = await aPendingSignup();
    const before = await t.countEvents();
    const browser = new Browser(t);
    const page = await browser.get(`/verify-email/${code}`);
    expect((await request(t.url).head(`/verify-email/${code}`)).status).toBe(200);
    await browser.get(`/verify-email/${code}`);
    expect(await t.countEvents()).toBe(before);
    expect(await statusOf(verifying.tenantId, email)).toBe('pending');

    expect(page.status).toBe(200);
    expectPageHeaders(page);
    const main = mainOf(page.text);
    expect(wordsOf(main)).toContain(`Confirm that ${email} is your address to finish joining ${verifying.name}.`);
    expect(main.match(/<form /g)).toHaveLength(1);
    expect(main.match(/<button /g)).toHaveLength(1);
    expect(main).toContain(`<form method="post" action="/verify-email/${code}">`);
    expect(main).toContain(`>Confirm and join ${verifying.name}</button>`);
    expect(main).toMatch(/name="_csrf" value="[^"]+"/);
  });

  it('answers a made-up or altered code with the "not valid" page (404)', async () => {
    const { code } = await aPendingSignup();
    const altered = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`;
    for (const path of [`/verify-email/${altered}`, `/verify-email/${code.slice(0, 20)}`, '/verify-email/nope']) {
      const page = await new Browser(t).get(path);
      expect({ path, status: page.status }).toEqual({ path, status: 404 });
      expectPageHeaders(page);
      expect(decodeHtml(mainOf(page.text))).toContain(VERIFICATION_CODE_INVALID);
      expect(mainOf(page.text)).not.toContain('<form');
    }
  });
});

describe('POST /verify-email/:code', () => {
  it('refuses a post without a valid CSRF token, or from another site, and writes nothing', async () => {
    const { code, email } = await aPendingSignup();
    const before = await t.countEvents();
    const browser = new Browser(t);
    const valid = csrfFieldOf((await browser.get(`/verify-email/${code}`)).text);
    const refusals = [
      await browser.post(`/verify-email/${code}`, {}),
      await browser.post(`/verify-email/${code}`, { _csrf: `${valid}x` }),
      await new Browser(t).post(`/verify-email/${code}`, { _csrf: valid }),
      await browser.post(`/verify-email/${code}`, { _csrf: valid }, { 'Sec-Fetch-Site': 'cross-site' }),
      await browser.post(`/verify-email/${code}`, { _csrf: valid }, { Origin: 'https://evil.example' }),
    ];
    for (const refused of refusals) {
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('This form has expired. Reload the page and try again.');
      expect(setCookiesOf(refused).session).toBeUndefined();
    }
    expect(await t.countEvents()).toBe(before);
    expect(await statusOf(verifying.tenantId, email)).toBe('pending');
  });

  it('confirms: 303 to /app with the session cookie, /app shows the organization; the link then says "already used" (409)', async () => {
    const { code, email, password } = await aPendingSignup();
    const browser = new Browser(t);
    const page = await browser.get(`/verify-email/${code}`);
    const confirmed = await browser.post(`/verify-email/${code}`, { _csrf: csrfFieldOf(page.text) });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.location).toBe('/app');
    expect(confirmed.headers['cache-control']).toBe('no-store');
    expect(setCookiesOf(confirmed).session.raw).toMatch(/HttpOnly/i);
    const app = await browser.get('/app');
    expect(app.status).toBe(200);
    expect(app.text).toContain(`<tr data-tenant-id="${verifying.tenantId}" data-role-id="member">`);
    expect(await statusOf(verifying.tenantId, email)).toBe('active');

    for (const answer of [await browser.get(`/verify-email/${code}`), await browser.post(`/verify-email/${code}`, { _csrf: csrfFieldOf(page.text) })]) {
      expect(answer.status).toBe(409);
      expectPageHeaders(answer);
      expect(decodeHtml(mainOf(answer.text))).toContain(VERIFICATION_CODE_USED);
      expect(mainOf(answer.text)).toContain('<a href="/sign-in" class="button">Sign in</a>');
    }
    // And the password works now.
    expect((await t.anonymous().post(paths.signIn()).send({ email, password })).status).toBe(200);
  });

  it('answers with the R16 page when the link stopped working since the signup (404), and undoes the registration', async () => {
    const link = await aVerifyingLink();
    const { code, email } = await aPendingSignup(link);
    expect((await t.as(admin.token).put(paths.inviteLink(link.tenantId)).send({ enabled: false })).status).toBe(200);
    const browser = new Browser(t);
    const page = await browser.get(`/verify-email/${code}`);
    const answer = await browser.post(`/verify-email/${code}`, { _csrf: csrfFieldOf(page.text) });
    expect(answer.status).toBe(404);
    expectPageHeaders(answer);
    expect(wordsOf(mainOf(answer.text))).toBe(INVALID_LINK_MESSAGE);
    expect(setCookiesOf(answer).session).toBeUndefined();
    expect(await statusOf(link.tenantId, email)).toBeUndefined();
  });

  it('answers 403 with the domain message when the link no longer allows the address', async () => {
    const link = await aVerifyingLink({ allowedDomains: ['example.org'] });
    const { code } = await aPendingSignup(link);
    expect((await t.as(admin.token).put(paths.inviteLink(link.tenantId)).send({ allowedDomains: ['acme.example'] })).status).toBe(200);
    const browser = new Browser(t);
    const page = await browser.get(`/verify-email/${code}`);
    const answer = await browser.post(`/verify-email/${code}`, { _csrf: csrfFieldOf(page.text) });
    expect(answer.status).toBe(403);
    expect(decodeHtml(mainOf(answer.text))).toContain(EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE);
    expect(setCookiesOf(answer).session).toBeUndefined();
  });
});

describe('the sign-in page before the email is confirmed', () => {
  it('says to confirm the email (right password) instead of "Invalid email or password"; a wrong password gets the usual answer', async () => {
    const { email, password } = await aPendingSignup();
    const browser = new Browser(t);
    const signInWith = async (secret: string) => browser.post('/sign-in', { _csrf: await browser.csrfFieldOf('/sign-in'), email, password: secret });

    const unverified = await signInWith(password);
    expect(unverified.status).toBe(401);
    expect(setCookiesOf(unverified).session).toBeUndefined();
    const main = decodeHtml(mainOf(unverified.text));
    expect(main).toContain(EMAIL_NOT_VERIFIED_MESSAGE);
    expect(main).not.toContain('Invalid email or password');
    // Nothing in the fields is wrong: they are not marked.
    expect(main).not.toContain('aria-invalid');

    const wrong = await signInWith(`${password}x`);
    expect(wrong.status).toBe(401);
    expect(decodeHtml(mainOf(wrong.text))).toContain('Invalid email or password.');
    expect(decodeHtml(mainOf(wrong.text))).not.toContain(EMAIL_NOT_VERIFIED_MESSAGE);
    // The resend is offered only with the right password.
    expect(mainOf(wrong.text)).not.toContain('/sign-in/resend-verification');
  });

  it('offers "Send the link again" (someone who closed the signup page): the same link arrives again, and any address gets the same answer', async () => {
    const { email, password, code } = await aPendingSignup();
    const browser = new Browser(t);
    const unverified = await browser.post('/sign-in', { _csrf: await browser.csrfFieldOf('/sign-in'), email, password });
    expect(mainOf(unverified.text)).toContain('action="/sign-in/resend-verification"');
    const resend = (address: string) => browser.post('/sign-in/resend-verification', { _csrf: csrfFieldOf(unverified.text), email: address });

    const resent = await resend(email);
    expect(resent.status).toBe(202);
    expectPageHeaders(resent);
    expect(decodeHtml(mainOf(resent.text))).toContain('If a signup is waiting for this address, we sent the link again.');
    expect(codeIn(await mailTo(email, 2))).toBe(code);
    await outboxSettled();

    const unknown = `nobody-${Date.now()}@example.org`;
    const nobody = await resend(unknown);
    expect(nobody.status).toBe(202);
    const same = (html: string, address: string) => mainOf(html).replace(/name="_csrf" value="[^"]+"/, '').split(address).join('<address>');
    expect(same(nobody.text, unknown)).toBe(same(resent.text, email));
  });

  it('refuses "Send the link again" from the sign-in page without a valid CSRF token, and sends nothing', async () => {
    const { email } = await aPendingSignup();
    const before = await t.countEvents();
    const refused = await new Browser(t).post('/sign-in/resend-verification', { _csrf: 'forged', email });
    expect(refused.status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a few outbox polls
    expect(await t.countEvents()).toBe(before);
    expect(catcher.mails.filter((mail) => mail.to.includes(email))).toHaveLength(1);
  });
});

describe('the code in the logs', () => {
  it('never appears: /verify-email/<code> is logged as /verify-email/[code], whatever the request', async () => {
    const { code } = await aPendingSignup();
    const altered = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`;
    const browser = new Browser(t);
    const page = await browser.get(`/verify-email/${code}?again=${code}`);
    expect((await request(t.url).head(`/verify-email/${code}`)).status).toBe(200);
    await browser.get(`/verify-email/${altered}`);
    await browser.get(`/verify-email/${code.slice(0, 12)}`);
    await browser.post(`/verify-email/${code}?x=1`, {});
    await browser.get(`/nonexistent/verify-email/${code}`);
    await browser.post(`/verify-email/${code}`, { _csrf: csrfFieldOf(page.text) });
    await t.anonymous().get('/health').set('X-Request-Id', 'end-of-the-verification-requests');
    for (let i = 0; i < 100 && !t.output().includes('end-of-the-verification-requests'); i++) await new Promise((r) => setTimeout(r, 20));

    const output = t.output();
    expect(output).toContain('end-of-the-verification-requests');
    expect(output).toContain('"url":"/verify-email/[code]?again=[redacted]"');
    expect(output).toContain('"url":"/verify-email/[code]?x=1"');
    for (const secret of [code, altered, code.slice(0, 12)]) expect(output.split(secret).length - 1).toBe(0);
  });
});

// Last: it moves the app's clock past the links' lifetime.
describe('an expired link', () => {
  it('shows "expired: sign up again through the invite link" (410), on the page and on the button', async () => {
    const { code, email } = await aPendingSignup();
    const browser = new Browser(t);
    const page = await browser.get(`/verify-email/${code}`);
    expect(page.status).toBe(200);
    t.clock.advance((TTL_MINUTES + 1) * 60_000);
    try {
      const shown = await browser.get(`/verify-email/${code}`);
      expect(shown.status).toBe(410);
      expectPageHeaders(shown);
      expect(decodeHtml(mainOf(shown.text))).toContain(VERIFICATION_CODE_EXPIRED);
      expect(mainOf(shown.text)).not.toContain('<form');

      const pressed = await browser.post(`/verify-email/${code}`, { _csrf: csrfFieldOf(page.text) });
      expect(pressed.status).toBe(410);
      expect(decodeHtml(mainOf(pressed.text))).toContain(VERIFICATION_CODE_EXPIRED);
      expect(setCookiesOf(pressed).session).toBeUndefined();
      // The email is released on the spot; the users list follows once its read model has caught up.
      let status = await statusOf(verifying.tenantId, email);
      for (let i = 0; i < 50 && status !== undefined; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = await statusOf(verifying.tenantId, email);
      }
      expect(status).toBeUndefined();
    } finally {
      t.clock.useRealTime();
    }
  });
});
