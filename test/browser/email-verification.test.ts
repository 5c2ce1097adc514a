import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DESKTOP, newContext, Screenshots, signIn, startAppAndBrowser, watchForProblems } from '../support/browser';
import { CaughtMail, linksIn, SmtpCatcher } from '../support/smtp-catcher';
import { Admin, aStrongPassword, anEmail, paths, TestApp } from '../support/test-app';
import { usersPage, waitForText } from './admin-page-helpers';

/**
 * Email verification in Chromium, with a real SMTP server catching the mails: a new person fills
 * in the join form of a link that requires verification and gets "Check your email"; the admin's
 * users table shows them pending; the mail's link opens the confirmation page, whose one button
 * lands them in /app with the link's tenant and role; the table then shows a member. Also: "Send
 * the link again" mails the same link, a used link says so, the button works from the keyboard
 * alone, and an expired link says to sign up again. Every page is checked with axe-core and
 * photographed at 1440 and 375 px.
 */
jest.setTimeout(180_000);

const TTL_MINUTES = 60;
const RESENT = 'If a signup is waiting for this address, we sent the link again.';

let catcher: SmtpCatcher;
let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
const shots = new Screenshots(__filename);

beforeAll(async () => {
  catcher = await SmtpCatcher.start();
  ({ app, browser } = await startAppAndBrowser({
    controllableClock: true,
    env: { SMTP_URL: catcher.url, MAIL_OUTBOX_POLL_MS: '100', EMAIL_VERIFICATION_TTL_MINUTES: String(TTL_MINUTES) },
  }));
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
  await browser?.close();
  await app?.close();
  await catcher?.stop();
});

/** A new page in its own browser context (its own cookies), watched for errors. */
async function aPage(viewport = DESKTOP): Promise<{ page: Page; problems: string[] }> {
  const context = await newContext(browser, app, viewport);
  contexts.push(context);
  const page = await context.newPage();
  return { page, problems: watchForProblems(page) };
}

interface World {
  readonly admin: Admin;
  readonly tenant: { id: string; name: string };
  readonly role: { id: string; name: string };
  readonly inviteUrl: string;
}

/** A tenant whose link requires email verification, with a custom default role, set through the API. */
async function aWorld(): Promise<World> {
  const { admin, tenant } = await app.anMspWithTenant();
  const api = app.as(admin.token);
  const role = await api.post(paths.roles(tenant.id)).send({ name: 'Help Desk' });
  expect(role.status).toBe(201);
  const link = await api
    .put(paths.inviteLink(tenant.id))
    .send({ enabled: true, defaultRoleId: role.body.id, requireEmailVerification: true });
  expect(link.status).toBe(200);
  expect(link.body.requireEmailVerification).toBe(true);
  return { admin, tenant, role: { id: role.body.id as string, name: 'Help Desk' }, inviteUrl: link.body.url as string };
}

/** Fills in and sends the join form as a person would; waits for the page that answers. */
async function signUpThroughTheForm(page: Page, world: World, email: string): Promise<void> {
  await page.goto(world.inviteUrl);
  await page.getByLabel('First name').fill('Vera');
  await page.getByLabel('Last name').fill('Verified');
  await page.getByLabel('Email').fill(email);
  const password = aStrongPassword();
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(password);
  await page.getByRole('checkbox').check();
  const [answer] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST' && response.url() === world.inviteUrl),
    page.getByRole('button', { name: 'Create account' }).click(),
  ]);
  expect(answer.status()).toBe(202);
  await waitForText(page.locator('h1'), 'Check your email');
}

/** The nth mail to this address (the first unless told), once it has arrived. */
async function mailTo(email: string, nth = 1): Promise<CaughtMail> {
  const matching = () => catcher.mails.filter((mail) => mail.to.includes(email));
  await catcher.waitForMail(() => matching().length >= nth);
  return matching()[nth - 1];
}

/** The one link of a verification mail. */
function linkIn(mail: CaughtMail): string {
  const links = linksIn(mail);
  expect(links).toHaveLength(1);
  expect(links[0]).toMatch(new RegExp(`^${app.url}/verify-email/[A-Za-z0-9_-]{43}$`));
  return links[0];
}

/** The admin's users page of the tenant, its table loaded. */
async function usersTableOf(page: Page, world: World): Promise<void> {
  await page.goto(`/admin/tenants/${world.tenant.id}/users`);
  await waitForText(page.locator('h1'), world.tenant.name);
  await waitForText(page.locator('[data-users-count]'), /\S/);
}

const rowOf = (page: Page, email: string): Locator => usersPage(page).rows.filter({ hasText: email });
const cellOf = (row: Locator, label: string): Locator => row.locator(`td[data-label="${label}"]`);

/** True when this control has the focus. */
declare const document: { readonly activeElement: unknown };
declare function getComputedStyle(element: unknown): { outlineStyle: string; outlineWidth: string };
const hasFocus = (target: Locator): Promise<boolean> => target.evaluate((element) => element === document.activeElement);

describe('email verification in Chromium', () => {
  it('join form → "Check your email" → pending in the users table → the mail → confirm → /app with the tenant and role → a member', async () => {
    const world = await aWorld();
    const email = anEmail('vera');
    const person = await aPage();
    await signUpThroughTheForm(person.page, world, email);
    const text = await person.page.locator('#check-email-text').innerText();
    expect(text).toBe(`We sent a link to ${email}. Open it to finish joining ${world.tenant.name}. The link works for ${TTL_MINUTES} minutes, once.`);
    expect(await person.page.locator('.site-header .brand').innerText()).toBe(world.tenant.name);
    expect(await person.page.getByRole('button', { name: 'Send the link again' }).isVisible()).toBe(true);
    const cookies = await person.page.context().cookies();
    expect(cookies.map((cookie) => cookie.name)).not.toContain('session');
    await shots.atBothWidths(person.page, 'check your email');

    // The admin sees them waiting, without a role.
    const admin = await aPage();
    await signIn(admin.page, world.admin.email, world.admin.password);
    await usersTableOf(admin.page, world);
    const row = rowOf(admin.page, email);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('pending');
    expect(await cellOf(row, 'Name').innerText()).toBe('Vera Verified Pending');
    expect(await row.locator('.badge.pending').innerText()).toBe('Pending');
    // The eye sees a dash; a screen reader hears words instead of "em dash".
    expect(await cellOf(row, 'Role').locator('[aria-hidden="true"]').innerText()).toBe('—');
    expect(await cellOf(row, 'Role').locator('.visually-hidden').textContent()).toBe('No role until they confirm');
    expect(await cellOf(row, 'Role').textContent()).toBe('—No role until they confirm');
    expect(await cellOf(row, 'Joined').innerText()).toMatch(/^Waiting for email confirmation until \S.+$/);
    const until = await cellOf(row, 'Joined').locator('time').getAttribute('datetime');
    expect(Date.parse(until!) - Date.now()).toBeGreaterThan((TTL_MINUTES - 2) * 60_000);
    expect(await admin.page.locator('[data-users-count]').innerText()).toBe('No users yet; 1 person waiting for email confirmation.');
    await shots.atBothWidths(admin.page, 'users table with a pending person');

    // The mail, then its link in the person's browser.
    const link = linkIn(await mailTo(email));
    await person.page.goto(link);
    expect(await person.page.locator('h1').innerText()).toBe('Confirm your email address');
    expect(await person.page.locator('main').innerText()).toContain(`Confirm that ${email} is your address to finish joining ${world.tenant.name}.`);
    const confirm = person.page.getByRole('button', { name: `Confirm and join ${world.tenant.name}` });
    expect(await person.page.locator('main button').count()).toBe(1);
    await shots.atBothWidths(person.page, 'confirm page valid');
    await Promise.all([person.page.waitForURL((url) => url.pathname === '/app'), confirm.click()]);
    const membership = person.page.locator(`tr[data-tenant-id="${world.tenant.id}"]`);
    expect(await membership.getAttribute('data-role-id')).toBe(world.role.id);
    expect(await membership.innerText()).toBe(`${world.tenant.name}\t${world.role.name}`);
    await shots.take(person.page, 'app after confirming');

    // A member now, with the role.
    await usersTableOf(admin.page, world);
    const member = rowOf(admin.page, email);
    await member.waitFor();
    expect(await member.getAttribute('data-status')).toBe('active');
    expect(await member.locator('.badge').count()).toBe(0);
    expect(await cellOf(member, 'Role').innerText()).toBe(world.role.name);
    expect(await admin.page.locator('[data-users-count]').innerText()).toBe('Showing 1 user.');
    await shots.take(admin.page, 'users table with the new member');

    // The link again: already used, with the way on.
    await person.page.goto(link);
    expect(await person.page.locator('h1').innerText()).toBe('Link already used');
    expect(await person.page.getByRole('status').innerText()).toBe('This verification link has already been used. Sign in with your email and password.');
    expect(await person.page.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/sign-in');
    await shots.atBothWidths(person.page, 'confirm page used');
    expect(person.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
  });

  it('"Send the link again" on the check-email page mails the same link again, and says so neutrally', async () => {
    const world = await aWorld();
    const email = anEmail('resend');
    const { page, problems } = await aPage();
    await signUpThroughTheForm(page, world, email);
    const first = linkIn(await mailTo(email));
    await Promise.all([page.waitForURL(/\/resend$/), page.getByRole('button', { name: 'Send the link again' }).click()]);
    expect(await page.locator('h1').innerText()).toBe('Check your email');
    expect(await page.getByRole('status').innerText()).toBe(RESENT);
    expect(linkIn(await mailTo(email, 2))).toBe(first);
    await shots.atBothWidths(page, 'check your email after resending');
    expect(problems).toEqual([]);
  });

  it('confirms with the keyboard alone: Tab to the button, Enter', async () => {
    const world = await aWorld();
    const email = anEmail('keys');
    const password = aStrongPassword();
    const signup = await app
      .anonymous()
      .post(`${paths.publicLink(new URL(world.inviteUrl).pathname.split('/').pop()!)}/signups`)
      .send({ firstName: 'Kim', lastName: 'Keys', email, password, passwordConfirmation: password, acceptTerms: true });
    expect(signup.status).toBe(202);
    const { page, problems } = await aPage();
    await page.goto(linkIn(await mailTo(email)));
    const button = page.getByRole('button', { name: `Confirm and join ${world.tenant.name}` });
    for (let presses = 0; presses < 10 && !(await hasFocus(button)); presses += 1) await page.keyboard.press('Tab');
    expect(await hasFocus(button)).toBe(true);
    const seen = await button.evaluate((element) => {
      const style = getComputedStyle(element);
      return (element as { matches(selector: string): boolean }).matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    });
    expect(seen).toBe(true);
    await shots.take(page, 'confirm button focused');
    await Promise.all([page.waitForURL((url) => url.pathname === '/app'), page.keyboard.press('Enter')]);
    expect(await page.locator(`tr[data-tenant-id="${world.tenant.id}"]`).getAttribute('data-role-id')).toBe(world.role.id);
    expect(problems).toEqual([]);
  });

  it('says a made-up link is not valid', async () => {
    const { page, problems } = await aPage();
    const response = await page.goto(`/verify-email/${'A'.repeat(43)}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Link not valid');
    expect(await page.locator('main form').count()).toBe(0);
    await shots.atBothWidths(page, 'confirm page invalid');
    expect(problems).toEqual([]);
  });

  // Last: it moves the app's clock past the link's lifetime.
  it('says an expired link has expired and to sign up again through the invite link', async () => {
    const world = await aWorld();
    const email = anEmail('late');
    const { page, problems } = await aPage();
    await signUpThroughTheForm(page, world, email);
    const link = linkIn(await mailTo(email));
    app.clock.advance((TTL_MINUTES + 1) * 60_000);
    try {
      const response = await page.goto(link);
      expect(response?.status()).toBe(410);
      expect(await page.locator('h1').innerText()).toBe('Link expired');
      expect(await page.getByRole('alert').innerText()).toBe('This verification link has expired. Sign up again through the invite link to get a new one.');
      expect(await page.locator('main form').count()).toBe(0);
      await shots.atBothWidths(page, 'confirm page expired');
    } finally {
      app.clock.useRealTime();
    }
    expect(problems).toEqual([]);
  });
});
