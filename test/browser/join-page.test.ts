import type { Page } from 'playwright-core';
import { PASSWORD_RULE_MESSAGES } from '../../src/modules/accounts/domain/password-rules';
import { ASSETS } from '../../src/web/assets/assets';
import { expectAccessible } from '../support/accessibility';
import { DESKTOP, PHONE, Screenshots, useAppAndBrowser, watchForProblems } from '../support/browser';
import { aStrongPassword, paths, TestApp, unique } from '../support/test-app';
import { focusedElement, waitForText } from './admin-page-helpers';

/**
 * The join page's refusals in Chromium, each message next to the field it is about: a domain
 * the link does not allow, a weak password (the page's script, then the server with the
 * script's check bypassed), an email that is already registered.
 */
jest.setTimeout(120_000);

const DOMAIN_NOT_ALLOWED = 'Signups through this invite link are limited to specific email domains, and yours is not one of them.';

const session = useAppAndBrowser();
const shots = new Screenshots(__filename);
let app: TestApp;
let inviteUrl: string;
let tenantName: string;
let existingEmail: string;

beforeAll(async () => {
  app = session.app;
  const { admin, tenant } = await app.anMspWithTenant();
  tenantName = tenant.name;
  existingEmail = (await app.addTenantUser(tenant.id, admin.token, { email: `${unique('taken')}@allowed.example` })).email;
  const link = await app
    .as(admin.token)
    .put(paths.inviteLink(tenant.id))
    .send({ enabled: true, defaultRoleId: 'member', allowedDomains: ['allowed.example'] });
  expect(link.status).toBe(200);
  inviteUrl = link.body.url as string;
});

async function joinPage(viewport: { width: number; height: number } = DESKTOP): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await session.page(viewport);
  await page.goto(inviteUrl);
  expect(await page.locator('h1').textContent()).toBe(`Join ${tenantName}`);
  return { page, problems };
}

async function fill(page: Page, values: { email: string; password: string; confirmation?: string }): Promise<void> {
  await page.getByLabel('First name').fill('Jo');
  await page.getByLabel('Last name').fill('Joiner');
  await page.getByLabel('Email').fill(values.email);
  await page.getByLabel('Password', { exact: true }).fill(values.password);
  await page.getByLabel('Confirm password').fill(values.confirmation ?? values.password);
  await page.getByRole('checkbox').check();
}

async function submitToServer(page: Page): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.request().method() === 'POST' && new URL(candidate.url()).pathname.startsWith('/join/')),
    page.getByRole('button', { name: 'Create account' }).click(),
  ]);
  await page.waitForLoadState();
  return response.status();
}

/** The message box that belongs to a field: referenced by the field's aria-describedby. */
async function errorOf(page: Page, fieldId: string): Promise<string> {
  const field = page.locator(`#${fieldId}`);
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(`${fieldId}-error`);
  return waitForText(page.locator(`#${fieldId}-error`), /\S/);
}

describe('the join page refuses, next to the right field, in Chromium', () => {
  it('an email whose domain the link does not allow', async () => {
    const { page, problems } = await joinPage();
    await fill(page, { email: `${unique('jo')}@elsewhere.example`, password: aStrongPassword() });
    expect(await submitToServer(page)).toBe(403);
    expect(await errorOf(page, 'email')).toBe(DOMAIN_NOT_ALLOWED);
    expect(await page.locator('#password-error').isVisible()).toBe(false);
    await shots.take(page, 'domain not allowed');
    expect(problems).toEqual([]);
  });

  it('a weak password: the page says so while typing, and so does the server', async () => {
    const { page, problems } = await joinPage();
    await fill(page, { email: `${unique('jo')}@allowed.example`, password: 'password' });
    await page.getByRole('button', { name: 'Create account' }).click();
    const message = await errorOf(page, 'password');
    expect(message).toContain('Password must contain an uppercase letter.');
    expect(new URL(page.url()).pathname).toMatch(/^\/join\//); // the script kept the form here
    await shots.take(page, 'weak password in the page');

    // Without the script's check (as without JavaScript), the server answers the same way.
    const { page: noScript } = await session.page(DESKTOP);
    await noScript.route('**/assets/join.*.js', (route) => route.abort());
    await noScript.goto(inviteUrl);
    await fill(noScript, { email: `${unique('jo')}@allowed.example`, password: 'password' });
    expect(await submitToServer(noScript)).toBe(422);
    expect(await errorOf(noScript, 'password')).toContain('Password must contain an uppercase letter.');
    await shots.take(noScript, 'weak password from the server');
    expect(problems).toEqual([]);
  });

  it('an email that is already registered (at 375 px), with a Sign in link beside it', async () => {
    const { page, problems } = await joinPage(PHONE);
    await fill(page, { email: existingEmail.toUpperCase(), password: aStrongPassword() });
    expect(await submitToServer(page)).toBe(409);
    expect(await errorOf(page, 'email')).toBe('User already registered');
    // Beside the message, and read with it: the email field points at both.
    expect((await page.locator('#email').getAttribute('aria-describedby'))?.split(' ')).toEqual(['email-error', 'email-action']);
    const offer = page.locator('#email-action');
    expect((await offer.innerText()).trim()).toBe('Already have an account with this email? Sign in');
    const signInLink = offer.getByRole('link', { name: 'Sign in' });
    // The email stays out of the URL (access logs, browser history).
    expect(await signInLink.getAttribute('href')).toBe('/sign-in');
    await bothWidths(page, 'duplicate email with sign in link');
    await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in'), signInLink.click()]);
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    expect(problems).toEqual([]);
  });
});

/** The state as it is now, checked by axe-core and photographed at 1440 and 375 px. */
async function bothWidths(page: Page, step: string): Promise<void> {
  const before = page.viewportSize() ?? DESKTOP;
  for (const [width, viewport] of [['1440', DESKTOP], ['375', PHONE]] as const) {
    await page.setViewportSize(viewport);
    await expectAccessible(page, `${step} at ${width} px`);
    await shots.take(page, `${step} ${width}`);
  }
  await page.setViewportSize(before);
}

/** Each rule of the list: its text, and met / unmet / neutral as shown (class and hidden words). */
async function ruleStates(page: Page): Promise<Record<string, string>> {
  const states: Record<string, string> = {};
  for (const rule of await page.locator('#password-rules li[data-rule]').all()) {
    const className = (await rule.getAttribute('class')) ?? '';
    const said = ((await rule.locator('.rule-state').textContent()) ?? '').trim();
    const shown = /\bunmet\b/.test(className) ? 'unmet' : /\bmet\b/.test(className) ? 'met' : 'neutral';
    const text = ((await rule.textContent()) ?? '').replace(said, '').trim();
    states[text] = said ? `${shown} ${said}` : shown;
  }
  return states;
}

const ALL_NEUTRAL = {
  'At least 8 characters': 'neutral',
  'At most 128 characters': 'neutral',
  'An uppercase letter': 'neutral',
  'A lowercase letter': 'neutral',
  'A number': 'neutral',
  'A special character': 'neutral',
};

describe('the join page, polished (issue 16, point 6)', () => {
  it('names the organization in its header and its tab, and its icon loads', async () => {
    const { page, problems } = await session.page();
    const icon = page.waitForResponse((response) => new URL(response.url()).pathname === ASSETS.favicon.url);
    await page.goto(inviteUrl);
    expect((await icon).status()).toBe(200);
    expect(await page.locator('.site-header').innerText()).toBe(tenantName);
    expect(await page.title()).toBe(`Join ${tenantName} · Account invitations`);
    expect(await page.locator('body').innerText()).not.toContain('Invite links');
    const ico = await page.request.get('/favicon.ico');
    expect([ico.status(), ico.headers()['content-type']]).toEqual([200, 'image/svg+xml']);
    // watchForProblems reports any 4xx of what the page loads by itself, the favicon included.
    expect(problems).toEqual([]);
  });

  it('shows the password rules neutral until the person types, then met or not met as they type', async () => {
    const { page, problems } = await session.page();
    await page.goto(inviteUrl);
    await page.locator('[data-password-strength]').waitFor({ state: 'visible' }); // the page's scripts have run
    expect(await ruleStates(page)).toEqual(ALL_NEUTRAL);
    // Neutral is one colour for every rule: nothing green or red before typing.
    const colours = (await page.evaluate(
      "Array.from(document.querySelectorAll('#password-rules li')).map((item) => getComputedStyle(item).color)",
    )) as string[];
    expect(colours).toHaveLength(7);
    expect(new Set(colours).size).toBe(1);
    await bothWidths(page, 'rules neutral before typing');

    const password = page.getByLabel('Password', { exact: true });
    await password.pressSequentially('abc1', { delay: 20 });
    expect(await ruleStates(page)).toEqual({
      'At least 8 characters': 'unmet (not met)',
      'At most 128 characters': 'met (met)',
      'An uppercase letter': 'unmet (not met)',
      'A lowercase letter': 'met (met)',
      'A number': 'met (met)',
      'A special character': 'unmet (not met)',
    });
    await bothWidths(page, 'rules while typing');

    await password.fill('');
    expect(await ruleStates(page)).toEqual(ALL_NEUTRAL);
    expect(problems).toEqual([]);
  });

  it('an empty submit: each field says what it needs, next to it, and the rules are not repeated', async () => {
    const { page, problems } = await session.page();
    await page.goto(inviteUrl);
    await page.locator('[data-password-strength]').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Create account' }).click();
    expect(await errorOf(page, 'firstName')).toBe('Enter your first name.');
    expect(await errorOf(page, 'lastName')).toBe('Enter your last name.');
    expect(await errorOf(page, 'email')).toBe('Enter a valid email address.');
    expect(await errorOf(page, 'password')).toBe('Enter a password.');
    expect(await errorOf(page, 'passwordConfirmation').catch(() => 'no error')).toBe('no error');
    expect(await errorOf(page, 'acceptTerms')).toBe('You must accept the Terms of Service and Privacy Policy.');
    const text = await page.locator('main').innerText();
    for (const message of Object.values(PASSWORD_RULE_MESSAGES)) expect(text).not.toContain(message);
    expect(await ruleStates(page)).toEqual(ALL_NEUTRAL);
    expect(await focusedElement(page)).toBe('firstName');
    await bothWidths(page, 'empty submit in the page');
    expect(problems).toEqual([]);
  });

  it('an empty submit without JavaScript: the server says the same, with a short summary linking to each field', async () => {
    const context = await session.browser.newContext({ baseURL: session.app.url, viewport: DESKTOP, javaScriptEnabled: false });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      const problems = watchForProblems(page);
      await page.goto(inviteUrl);
      expect(await ruleStates(page)).toEqual(ALL_NEUTRAL);
      expect(await submitToServer(page)).toBe(422);
      expect(await errorOf(page, 'password')).toBe('Enter a password.');
      const summary = page.locator('.error-summary');
      expect(await summary.getAttribute('role')).toBe('alert');
      const links: string[][] = [];
      for (const link of await summary.getByRole('link').all()) {
        links.push([(await link.getAttribute('href')) ?? '', ((await link.textContent()) ?? '').trim()]);
      }
      expect(links).toEqual([
        ['#firstName', 'Enter your first name.'],
        ['#lastName', 'Enter your last name.'],
        ['#email', 'Enter a valid email address.'],
        ['#password', 'Enter a password.'],
        ['#acceptTerms', 'You must accept the Terms of Service and Privacy Policy.'],
      ]);
      const text = (await page.locator('main').textContent()) ?? '';
      for (const message of Object.values(PASSWORD_RULE_MESSAGES)) expect(text).not.toContain(message);
      expect(await ruleStates(page)).toEqual(ALL_NEUTRAL);
      // axe-core runs as a script, which this page does not allow: the same markup is checked with
      // JavaScript on in the next test. Photographed at both widths here.
      await shots.take(page, 'empty submit from the server 1440');
      await page.setViewportSize(PHONE);
      await shots.take(page, 'empty submit from the server 375');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("a refusal from the server: its summary takes the focus, so it is read first", async () => {
    const { page, problems } = await joinPage();
    await fill(page, { email: `${unique('jo')}@elsewhere.example`, password: aStrongPassword() });
    expect(await submitToServer(page)).toBe(403);
    const summary = page.locator('[data-error-summary]');
    await page.waitForFunction("document.activeElement && document.activeElement.hasAttribute('data-error-summary')");
    expect(await summary.getByRole('link').allInnerTexts()).toEqual([DOMAIN_NOT_ALLOWED]);
    // Fixing it in the page hides the list, which would be out of date, and each field speaks for itself.
    await page.getByLabel('First name').fill('');
    await page.getByRole('button', { name: 'Create account' }).click();
    expect(await errorOf(page, 'firstName')).toBe('Enter your first name.');
    expect(await summary.isVisible()).toBe(false);
    await bothWidths(page, 'summary hidden after a check in the page');
    expect(problems).toEqual([]);
  });
});

/**
 * The password-strength meter: zxcvbn-ts, bundled at build time (dist/client), estimating in a
 * Web Worker under the strict CSP. It advises as one types and never decides: the server does.
 */
describe('the password-strength meter', () => {
  const TOO_COMMON = 'This password is too common. Choose a less predictable one.';

  /** Every CSP violation the page sees, recorded from before its first script. */
  async function recordCspViolations(page: Page): Promise<void> {
    await page.addInitScript({
      content: `window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});`,
    });
  }
  const cspViolations = (page: Page) => page.evaluate('window.cspViolations');

  const verdict = (page: Page) => page.locator('#password-strength-verdict');
  const meterValue = async (page: Page) => Number(await page.locator('#password-strength-meter').getAttribute('value'));

  it('updates as one types, says why, and the page reports no CSP violation', async () => {
    const { page, problems } = await session.page();
    await recordCspViolations(page);
    const workerLoaded = page.waitForResponse((response) => new URL(response.url()).pathname === ASSETS.passwordStrengthWorkerJs.url);
    await page.goto(inviteUrl);
    expect((await workerLoaded).status()).toBe(200);

    const meter = page.getByRole('meter', { name: 'Password strength' });
    await meter.waitFor({ state: 'visible' });
    expect(await verdict(page).getAttribute('aria-live')).toBe('polite');
    expect(await verdict(page).textContent()).toBe('Strength: type a password to see how strong it is.');

    const password = page.getByLabel('Password', { exact: true });
    await password.pressSequentially('summer', { delay: 30 });
    await waitForText(verdict(page), `Strength: very weak — ${TOO_COMMON}`);
    expect(await meterValue(page)).toBe(1);
    await shots.take(page, 'meter very weak');

    // What the server refuses, the meter calls very weak with the server's words, not "fair".
    await password.fill('');
    await password.pressSequentially('Summer2026!', { delay: 30 });
    await waitForText(verdict(page), `Strength: very weak — ${TOO_COMMON}`);

    await password.fill('');
    await password.pressSequentially('Garden#Lamp7', { delay: 30 });
    await waitForText(verdict(page), 'Strength: good');
    expect(await meterValue(page)).toBe(4);
    await shots.take(page, 'meter good');

    await password.pressSequentially('-Tulip!Road', { delay: 30 });
    await waitForText(verdict(page), 'Strength: strong');
    expect(await meterValue(page)).toBe(5);
    expect(await page.locator('[data-password-strength]').getAttribute('data-level')).toBe('strong');
    await shots.take(page, 'meter strong');

    await password.fill('');
    await waitForText(verdict(page), 'Strength: type a password to see how strong it is.');
    expect(await meterValue(page)).toBe(0);

    expect(await cspViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('does not block a submit: a password the meter calls fair is the server\'s to judge', async () => {
    const { page, problems } = await session.page(PHONE);
    await recordCspViolations(page);
    await page.goto(inviteUrl);
    // zxcvbn calls it fair (a repeated word); R13 accepts it, and R13 decides.
    const password = 'Lamp-Lamp-1';
    await fill(page, { email: `${unique('fair')}@allowed.example`, password });
    await waitForText(verdict(page), 'Strength: fair — Repeated character patterns like "abcabcabc" are easy to guess.');
    expect(await meterValue(page)).toBe(3);
    await shots.take(page, 'meter before submit phone');
    expect(await submitToServer(page)).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/app');
    expect(await cspViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('stays hidden without JavaScript, and the form still signs up', async () => {
    const context = await session.browser.newContext({ baseURL: session.app.url, viewport: DESKTOP, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const problems = watchForProblems(page);
      await page.goto(inviteUrl);
      expect(await page.locator('[data-password-strength]').isVisible()).toBe(false);
      expect(await meterValue(page)).toBe(0);
      await shots.take(page, 'no javascript');
      await fill(page, { email: `${unique('nojs')}@allowed.example`, password: aStrongPassword() });
      expect(await submitToServer(page)).toBe(303);
      expect(new URL(page.url()).pathname).toBe('/app');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
