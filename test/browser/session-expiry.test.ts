import type { Page } from 'playwright-core';
import { expectAccessible } from '../support/accessibility';
import { DESKTOP, PHONE, Screenshots, signIn, useAppAndBrowser } from '../support/browser';
import { aSessionJwt } from '../support/session-tokens';
import type { Admin } from '../support/test-app';
import { paths } from '../support/test-app';
import { openInviteLinkDialog, usersPage } from './admin-page-helpers';

/**
 * Issue 16, point 12: when the session (or the page's CSRF token) has expired, an admin page says
 * "Your session has expired. Sign in again", links to /sign-in?next=<this page>, and signing in
 * lands back on the page. In Chromium, at 1440 and 375 px.
 */
jest.setTimeout(120_000);

const session = useAppAndBrowser();
const shots = new Screenshots(__filename);
let admin: Admin;
let usersPath: string;
let historyPath: string;

beforeAll(async () => {
  const app = session.app;
  const { admin: created, tenant } = await app.anMspWithTenant();
  admin = created;
  const link = await app.as(admin.token).put(paths.inviteLink(tenant.id)).send({ enabled: true, defaultRoleId: 'member' });
  expect(link.status).toBe(200);
  usersPath = `/admin/tenants/${tenant.id}/users`;
  historyPath = `/admin/tenants/${tenant.id}/invite-link/history`;
});

/** The session cookie as it is once its lifetime is over: signed with the app's secret, expired an hour ago. */
async function expireSession(page: Page): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const expired = aSessionJwt(session.app.sessionSecret, { sub: admin.id, iat: now - 8 * 3600, exp: now - 3600 });
  await page.context().addCookies([{ name: 'session', value: expired, url: session.app.url, httpOnly: true, sameSite: 'Lax' }]);
}

/** The users page has loaded its data: the status line ("Loading…") is gone. */
const usersLoaded = (page: Page) => page.locator('[data-page-status][hidden]').waitFor({ state: 'attached' });

const notice = (page: Page) => page.locator('[role="alert"]', { hasText: 'Your session has expired.' });
const signInAgain = (page: Page) => notice(page).getByRole('link', { name: 'Sign in again' });

/** The notice is there, focused, says the words of the issue and links back to `path`. */
async function expectNotice(page: Page, path: string, where: string): Promise<void> {
  await notice(page).waitFor({ state: 'visible' });
  expect((await notice(page).innerText()).trim()).toBe('Your session has expired. Sign in again');
  expect(await signInAgain(page).getAttribute('href')).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
  expect(await notice(page).evaluate((node) => node === node.ownerDocument.activeElement)).toBe(true);
  expect(await page.locator('dialog[open]').count()).toBe(0);
  await expectAccessible(page, where);
}

/** Follows the notice's link, signs in on the form it leads to, and returns where that lands. */
async function signInAgainFrom(page: Page, screenshot?: string): Promise<string> {
  await signInAgain(page).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  if (screenshot) {
    await expectAccessible(page, screenshot);
    await shots.take(page, screenshot);
  }
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/sign-in'),
    page.getByRole('button', { name: 'Sign in', exact: true }).click(),
  ]);
  const url = new URL(page.url());
  return url.pathname + url.search;
}

describe('an expired session on the admin pages', () => {
  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)('the users page: opening the Invite Link dialog says so, and signing in comes back (%s)', async (name, viewport) => {
    const { page, problems } = await session.page(viewport);
    await signIn(page, admin.email, admin.password);
    await page.goto(usersPath);
    await usersLoaded(page);

    await expireSession(page);
    await usersPage(page).inviteLinkButton.click();
    await expectNotice(page, usersPath, `the users page after the session expired (${name})`);
    // The API's own words for API clients never reach the page.
    expect(await page.locator('body').innerText()).not.toContain('Authorization: Bearer');
    await shots.take(page, `users page session expired ${name}`);

    expect(await signInAgainFrom(page, `sign-in page on the way back ${name}`)).toBe(usersPath);
    await usersPage(page).heading.waitFor();
    await shots.take(page, `users page after signing in again ${name}`);
    expect(problems).toEqual([]);
  });

  it('the users page: a CSRF token past its age is the same story (the API answers 401, never 403)', async () => {
    const { page, problems } = await session.page(DESKTOP);
    await signIn(page, admin.email, admin.password);
    await page.goto(usersPath);
    await openInviteLinkDialog(page);
    // The page's token as it is after 12 hours: the server no longer accepts it.
    const meta = page.locator('meta[name="csrf-token"]');
    const [, mac] = ((await meta.getAttribute('content')) ?? '').split('.');
    const stale = `${(Date.now() - 13 * 3600 * 1000).toString(36)}.${mac}`;
    await meta.evaluate((node, content) => node.setAttribute('content', content), stale);
    const ui = usersPage(page);
    const answered = page.waitForResponse((response) => response.request().method() === 'PUT');
    await ui.roleSelect.selectOption({ index: 1 });
    await ui.save.click();
    expect((await answered).status()).toBe(401);
    await expectNotice(page, usersPath, 'the users page after the CSRF token expired');
    await shots.atBothWidths(page, 'users page csrf token expired');
    expect(await signInAgainFrom(page)).toBe(usersPath);
    expect(problems).toEqual([]);
  });

  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)('the history page: changing the filter says so, and signing in comes back with the query (%s)', async (name, viewport) => {
    const { page, problems } = await session.page(viewport);
    await signIn(page, admin.email, admin.password);
    const withQuery = `${historyPath}?type=all`;
    await page.goto(withQuery);
    await page.locator('#history-app[data-loaded="true"]').waitFor();

    await expireSession(page);
    await page.getByLabel('Show', { exact: true }).selectOption('InviteLinkEnabled');
    const here = new URL(page.url());
    await expectNotice(page, here.pathname + here.search, `the history page after the session expired (${name})`);
    await shots.take(page, `history page session expired ${name}`);

    expect(await signInAgainFrom(page)).toBe(here.pathname + here.search);
    await page.locator('#history-app[data-loaded="true"]').waitFor();
    await shots.take(page, `history page after signing in again ${name}`);
    expect(problems).toEqual([]);
  });

  it('the history page: loading it with an expired session says so at once', async () => {
    const { page, problems } = await session.page(DESKTOP);
    await signIn(page, admin.email, admin.password);
    await page.goto(usersPath);
    // The shell needs a session too (without one it redirects to /sign-in), so the session ends
    // between the shell and its script's first call.
    await page.route('**/api/v1/tenants/*/invite-link/history*', async (route) => {
      await expireSession(page);
      await route.continue();
    });
    await page.goto(historyPath);
    await expectNotice(page, historyPath, 'the history page loaded with an expired session');
    expect(await page.locator('#history-status').isVisible()).toBe(false);
    await shots.atBothWidths(page, 'history page loaded after the session expired');
    expect(await signInAgainFrom(page)).toBe(historyPath);
    expect(problems).toEqual([]);
  });
});
