import type { Page } from 'playwright-core';
import { DESKTOP, Screenshots, signIn, useAppAndBrowser } from '../support/browser';
import type { Admin } from '../support/test-app';

/**
 * One layout for every admin page (issue 16, point 7): the tenants, users and history pages share
 * the admin bar, the breadcrumb (the tenant a link to its users page on every page below the
 * tenants), one content width and one heading style. Screenshots at 1440 px and 375 px go to
 * test-output/screenshots/admin-layout/.
 */
jest.setTimeout(120_000);

const session = useAppAndBrowser();
const shots = new Screenshots(__filename);

/** What a page's frame looks like, measured in the browser. */
interface Frame {
  readonly bar: string;
  readonly crumbs: readonly { readonly text: string; readonly href: string | null; readonly current: boolean }[];
  readonly cardLeft: number;
  readonly cardWidth: number;
  readonly h1: { readonly text: string; readonly fontSize: string; readonly fontWeight: string; readonly inPageHead: boolean };
}

/** The little of the DOM the evaluate callback uses (the tests compile without the DOM library). */
interface Box {
  readonly left: number;
  readonly width: number;
}
interface Node {
  readonly textContent: string | null;
  readonly parentElement: Node | null;
  readonly classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Box;
  querySelector(selector: string): Node | null;
  querySelectorAll(selector: string): Iterable<Node>;
}
declare const document: Node;
declare function getComputedStyle(node: Node): { fontSize: string; fontWeight: string };

function frameOf(page: Page): Promise<Frame> {
  return page.evaluate(() => {
    const text = (node: Node | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const card = document.querySelector('.admin-frame > .card')!;
    const h1 = document.querySelector('h1')!;
    const box = card.getBoundingClientRect();
    const style = getComputedStyle(h1);
    return {
      bar: text(document.querySelector('.admin-frame > .admin-bar .admin-bar-title')),
      crumbs: Array.from(document.querySelectorAll('nav.breadcrumb[aria-label="Breadcrumb"] > ol > li')).map((li) => {
        const link = li.querySelector('a');
        return { text: text(li), href: link ? link.getAttribute('href') : null, current: Boolean(li.querySelector('[aria-current="page"]')) };
      }),
      cardLeft: Math.round(box.left),
      cardWidth: Math.round(box.width),
      h1: { text: text(h1), fontSize: style.fontSize, fontWeight: style.fontWeight, inPageHead: Boolean(h1.parentElement?.classList.contains('page-head')) },
    };
  });
}

describe('one layout for the admin pages, in Chromium', () => {
  let admin: Admin;
  let tenant: { id: string; name: string };

  beforeAll(async () => {
    ({ admin, tenant } = await session.app.anMspWithTenant());
  });

  it('gives the tenants, users and history pages one frame: bar, breadcrumb, width and heading', async () => {
    const { page, problems } = await session.page(DESKTOP);
    await signIn(page, admin.email, admin.password);
    const usersUrl = `/admin/tenants/${tenant.id}/users`;

    await page.goto('/admin');
    await page.locator('[data-tenant-list] a').first().waitFor();
    const tenants = await frameOf(page);
    await shots.atBothWidths(page, 'tenants page');

    await page.goto(usersUrl);
    await page.locator('nav.breadcrumb a[data-tenant-name]', { hasText: tenant.name }).waitFor();
    const users = await frameOf(page);
    await shots.atBothWidths(page, 'users page');

    await page.goto(`/admin/tenants/${tenant.id}/invite-link/history`);
    await page.locator('#history-app[data-loaded="true"]').waitFor();
    await page.locator('nav.breadcrumb a[data-tenant-name]', { hasText: tenant.name }).waitFor();
    const history = await frameOf(page);
    await shots.atBothWidths(page, 'history page');

    for (const frame of [tenants, users, history]) expect(frame.bar).toBe('Admin dashboard');

    // The same breadcrumb: the tenants page is the root; below it the tenant links to its users.
    expect(tenants.crumbs).toEqual([{ text: 'Tenants', href: null, current: true }]);
    const below = (current: string) => [
      { text: 'Tenants', href: '/admin', current: false },
      { text: tenant.name, href: usersUrl, current: false },
      { text: current, href: null, current: true },
    ];
    expect(users.crumbs).toEqual(below('Users'));
    expect(history.crumbs).toEqual(below('Invite link history'));

    // One content width (±2 px) in one place, and the wide one: 80rem less the page's padding.
    expect(Math.abs(users.cardWidth - tenants.cardWidth)).toBeLessThanOrEqual(2);
    expect(Math.abs(history.cardWidth - tenants.cardWidth)).toBeLessThanOrEqual(2);
    expect(Math.abs(history.cardLeft - tenants.cardLeft)).toBeLessThanOrEqual(2);
    expect(tenants.cardWidth).toBeGreaterThanOrEqual(1240);
    expect(tenants.cardWidth).toBeLessThanOrEqual(1280);

    // One heading style, in the page head.
    expect(tenants.h1.text).toBe('Tenants');
    expect(users.h1.text).toBe(`${tenant.name}: users`);
    expect(history.h1.text).toBe(`Invite link history: ${tenant.name}`);
    const style = ({ h1 }: Frame) => ({ fontSize: h1.fontSize, fontWeight: h1.fontWeight, inPageHead: h1.inPageHead });
    expect(style(users)).toEqual(style(tenants));
    expect(style(history)).toEqual(style(tenants));
    expect(style(tenants).inPageHead).toBe(true);
    expect(problems).toEqual([]);
  });

  it('takes the admin from the history back to the tenant through the breadcrumb, from the keyboard', async () => {
    const { page, problems } = await session.page(DESKTOP);
    await signIn(page, admin.email, admin.password);
    await page.goto(`/admin/tenants/${tenant.id}/invite-link/history`);
    await page.locator('#history-app[data-loaded="true"]').waitFor();
    const crumb = page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: tenant.name });
    await crumb.focus();
    await Promise.all([page.waitForURL((url) => url.pathname === `/admin/tenants/${tenant.id}/users`), page.keyboard.press('Enter')]);
    await page.locator('h1', { hasText: tenant.name }).waitFor();
    // And from the users page back to the tenants.
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Tenants' }).click();
    await page.waitForURL((url) => url.pathname === '/admin');
    expect(problems).toEqual([]);
  });
});
