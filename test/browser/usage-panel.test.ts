import type { Page } from 'playwright-core';
import { aSignup, enableLink } from '../support/fixtures';
import { DESKTOP, Screenshots, signIn, useAppAndBrowser } from '../support/browser';
import { paths, TestApp } from '../support/test-app';
import { focusedElement, waitForText } from './admin-page-helpers';

/**
 * The usage panel of a tenant's users page in Chromium: the numbers of real signups made on two
 * UTC days (the app's clock set by the test), the chart's text alternatives, the keyboard, no
 * CSP complaint, and the page at 1440 and 375 px wide (screenshots in
 * test-output/screenshots/usage-panel/).
 */
jest.setTimeout(120_000);

const session = useAppAndBrowser({ controllableClock: true });
const shots = new Screenshots(__filename);
const PHONE_375 = { width: 375, height: 812 } as const;
const DAY_ONE = '2026-04-10T15:00:00.000Z';
const DAY_TWO = '2026-04-11T09:30:00.000Z';
const DAY_TWO_LABEL = 'Apr 11: 1 join (1 with a password, 0 with Microsoft)';
const DAY_ONE_LABEL = 'Apr 10: 2 joins (2 with a password, 0 with Microsoft)';

let app: TestApp;
let admin: { email: string; password: string; token: string };
let tenant: { id: string; name: string };

/** The panel's definition lists as [term, value] pairs. */
function facts(page: Page, selector: string): Promise<string[][]> {
  return page.locator(`${selector} dt`).evaluateAll((terms) =>
    terms.map((term) => [term.textContent ?? '', (term as unknown as { nextElementSibling: { textContent: string | null } }).nextElementSibling.textContent ?? '']),
  );
}

async function openPanel(viewport: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
  const opened = await session.page(viewport);
  await signIn(opened.page, admin.email, admin.password);
  await opened.page.goto(`/admin/tenants/${tenant.id}/users`);
  await waitForText(opened.page.locator('[data-usage-summary]'), /joins through the invite link/);
  return opened;
}

beforeAll(async () => {
  app = session.app;
  const created = await app.anMspWithTenant();
  admin = created.admin;
  tenant = created.tenant;
  const { token } = await enableLink(app, admin.token, tenant.id, { allowedDomains: ['example.org', 'example.net'] });
  const helpDesk = await app.as(admin.token).post(paths.roles(tenant.id)).send({ name: 'Help Desk' });
  expect(helpDesk.status).toBe(201);
  const join = async () => expect((await app.anonymous().post(`${paths.publicLink(token)}/signups`).send(aSignup())).status).toBe(201);
  app.clock.set(DAY_ONE);
  await join();
  await join();
  expect((await app.as(admin.token).put(paths.inviteLink(tenant.id)).send({ defaultRoleId: helpDesk.body.id })).status).toBe(200);
  app.clock.set(DAY_TWO);
  await join();
});

describe('usage panel on the users page, in Chromium', () => {
  it('shows joins per day, by method and by role, and the link at a glance', async () => {
    const { page, problems } = await openPanel(DESKTOP);
    expect(await page.locator('[data-usage-summary]').textContent()).toBe(
      '3 joins through the invite link in the last 30 days (3 with a password, 0 with Microsoft); busiest day Apr 10 with 2 joins.',
    );
    expect(await facts(page, '[data-usage-link]')).toEqual([
      ['Status', 'On'],
      ['Default role', 'Help Desk'],
      ['Allowed domains', '2'],
    ]);
    expect(await facts(page, '[data-usage-methods]')).toEqual([
      ['Password', '3'],
      ['Microsoft', '0'],
    ]);
    const roles = page.getByRole('table', { name: 'Joins by role' });
    expect(await roles.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.textContent))).toEqual(['Member2', 'Help Desk1']);

    // The chart: 30 days ending today (the app's clock), each a named bar; bars only where people joined.
    const chart = page.getByRole('group', { name: /^3 joins through the invite link/ });
    const bars = chart.getByRole('img');
    expect(await bars.count()).toBe(30);
    expect(await bars.first().getAttribute('aria-label')).toBe('Mar 13: 0 joins (0 with a password, 0 with Microsoft)');
    expect(await bars.last().getAttribute('aria-label')).toBe(DAY_TWO_LABEL);
    expect(await chart.getByRole('img', { name: DAY_ONE_LABEL }).count()).toBe(1);
    expect(await page.locator('.usage-bar').evaluateAll((rects) => rects.map((rect) => rect.parentElement?.getAttribute('data-day')))).toEqual([
      '2026-04-10',
      '2026-04-11',
    ]);
    const heights = await page.locator('.usage-bar').evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute('height'))));
    expect(heights[0]).toBeCloseTo(heights[1] * 2, 5);

    // The text alternative: a table of every day, for screen readers only.
    const table = page.getByRole('table', { name: /^Joins per day through the invite link/ });
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { children: ArrayLike<{ textContent: string | null }> }).children, (cell) => cell.textContent)));
    expect(rows).toHaveLength(30);
    expect(rows.slice(-3)).toEqual([
      ['Apr 9', '0', '0', '0'],
      ['Apr 10', '2', '2', '0'],
      ['Apr 11', '1', '1', '0'],
    ]);
    // Out of sight: its box is clipped to a pixel.
    expect(await table.evaluate((node) => node.parentElement!.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
    await shots.take(page, 'usage panel 1440');
    expect(problems).toEqual([]);
  });

  it('is read with the keyboard: one tab stop on today, arrows, Home and End move between days and say them', async () => {
    const { page, problems } = await openPanel(DESKTOP);
    const readout = page.locator('[data-usage-readout]');
    await page.getByRole('link', { name: 'History' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }).document.activeElement.getAttribute('data-day'))).toBe('2026-04-11');
    expect(await readout.textContent()).toBe(DAY_TWO_LABEL);
    await page.keyboard.press('ArrowLeft');
    expect(await readout.textContent()).toBe(DAY_ONE_LABEL);
    await page.keyboard.press('Home');
    expect(await readout.textContent()).toBe('Mar 13: 0 joins (0 with a password, 0 with Microsoft)');
    await page.keyboard.press('End');
    expect(await readout.textContent()).toBe(DAY_TWO_LABEL);
    await page.keyboard.press('ArrowLeft');
    await shots.take(page, 'usage panel keyboard focus');
    // One tab stop for the whole chart: the next Tab leaves it.
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).not.toMatch(/^g:/);
    expect(await page.locator('.usage-column[tabindex="0"]').count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('fits 375 px wide without horizontal scrolling', async () => {
    const { page, problems } = await openPanel(PHONE_375);
    const widths = await page.evaluate(() => {
      const root = globalThis as unknown as { innerWidth: number; document: { documentElement: { scrollWidth: number } } };
      return { content: root.document.documentElement.scrollWidth, viewport: root.innerWidth };
    });
    expect(widths.content).toBeLessThanOrEqual(widths.viewport);
    expect(await page.locator('.usage-column').count()).toBe(30);
    await shots.take(page, 'usage panel 375');
    expect(problems).toEqual([]);
  });

  // Last: it turns the link off.
  it('follows the Invite Link dialog: turning the link off shows Off at once', async () => {
    const { page, problems } = await openPanel(DESKTOP);
    await page.getByRole('button', { name: 'Invite Link', exact: true }).click();
    const toggle = page.getByRole('switch', { name: 'Automatic Account Creation' });
    await waitForText(page.locator('[data-dialog-status]'), /Automatic Account Creation is on\./);
    await toggle.uncheck();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await waitForText(page.locator('[data-dialog-status]'), /^Saved\./);
    expect((await facts(page, '[data-usage-link]'))[0]).toEqual(['Status', 'Off']);
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  });
});
