import type { Locator, Page } from 'playwright-core';
import { DESKTOP, Screenshots, useAppAndBrowser } from '../support/browser';
import { anEmail, aStrongPassword } from '../support/test-app';
import { clipboardText, usersPage, waitForText } from './admin-page-helpers';

/**
 * The whole admin journey with the keyboard alone, as someone who cannot use a mouse does it:
 * sign in, open a tenant, open the Invite Link dialog, choose a role, turn the link on, save,
 * copy the link, close the dialog, add a user, open the history. Only page.keyboard moves the
 * focus and types (Tab, Shift+Tab, Enter, Space, Escape, arrow keys); at each step the test checks
 * where the focus is and that it can be seen.
 *
 * The controls are found by their accessible names, never by a count of Tab presses, so a dialog
 * whose controls move keeps this test meaningful: `tabTo` presses Tab until the control has the
 * focus, and fails if it never gets it.
 */
jest.setTimeout(120_000);

const session = useAppAndBrowser();
const shots = new Screenshots(__filename);

/** The little of the DOM the page.evaluate callbacks use (the tests compile without the DOM library). */
interface FocusedElement {
  matches(selector: string): boolean;
}
declare const document: { readonly activeElement: FocusedElement | null };
declare function getComputedStyle(element: FocusedElement): { outlineStyle: string; outlineWidth: string; boxShadow: string };

/** True when this control has the focus. */
function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === (document.activeElement as unknown), undefined, { timeout: 5_000 });
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, at most `max` times; the focus must
 * be visible on every control it passes, not only the last.
 */
async function tabTo(page: Page, target: Locator, what: string, { back = false, max = 40 } = {}): Promise<void> {
  for (let presses = 0; presses <= max; presses += 1) {
    if (await hasFocus(target)) {
      await expectFocusVisible(page, what);
      return;
    }
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${what} never got the focus in ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

/** The focused element shows it: it matches :focus-visible and draws an outline or a ring. */
async function expectFocusVisible(page: Page, what: string): Promise<void> {
  const seen = await page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return { focusVisible: false, drawn: false };
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return { focusVisible: element.matches(':focus-visible'), drawn: outline || style.boxShadow !== 'none' };
  });
  expect({ what, ...seen }).toEqual({ what, focusVisible: true, drawn: true });
}

/** Moves a closed <select> with the arrow keys until the option with this label is chosen. */
async function chooseWithArrows(page: Page, select: Locator, label: string): Promise<void> {
  const chosen = () => select.evaluate((element) => (element as unknown as { selectedOptions: ArrayLike<{ textContent: string | null }> }).selectedOptions[0]?.textContent?.trim() ?? '');
  for (let presses = 0; presses < 20 && (await chosen()) !== label; presses += 1) await page.keyboard.press('ArrowDown');
  for (let presses = 0; presses < 20 && (await chosen()) !== label; presses += 1) await page.keyboard.press('ArrowUp');
  expect(await chosen()).toBe(label);
}

describe('the admin journey with the keyboard alone, in Chromium', () => {
  it('signs in, turns the invite link on and copies it, adds a user and opens the history, focus visible and in place at every step', async () => {
    const { admin, tenant } = await session.app.anMspWithTenant();
    const { page, problems } = await session.page(DESKTOP, { clipboard: true });
    const ui = usersPage(page);
    const keys = page.keyboard;

    // Sign in.
    await page.goto('/sign-in');
    await tabTo(page, page.getByLabel('Email'), 'the email field');
    await keys.type(admin.email);
    await tabTo(page, page.getByLabel('Password'), 'the password field');
    await keys.type(admin.password);
    await Promise.all([page.waitForURL((url) => url.pathname === '/admin'), keys.press('Enter')]);

    // Open the tenant.
    const tenantLink = page.getByRole('link', { name: tenant.name });
    await tenantLink.waitFor();
    await tabTo(page, tenantLink, 'the tenant link');
    await shots.take(page, 'tenants, the tenant link focused');
    await Promise.all([page.waitForURL((url) => url.pathname.endsWith('/users')), keys.press('Enter')]);
    await waitForText(page.locator('h1'), tenant.name);

    // Open the Invite Link dialog: the focus moves into it.
    await tabTo(page, ui.inviteLinkButton, 'the Invite Link button');
    await keys.press('Enter');
    await ui.inviteDialog.waitFor({ state: 'visible' });
    await ui.inviteDialog.locator('form:not([aria-busy])').waitFor();
    expect(await ui.inviteDialog.evaluate((dialog) => dialog.contains(document.activeElement as never))).toBe(true);
    await expectFocusVisible(page, 'the first control of the Invite Link dialog');

    // Choose a role, turn the link on, save.
    await tabTo(page, ui.roleSelect, 'the default role');
    await chooseWithArrows(page, ui.roleSelect, 'Member');
    await tabTo(page, ui.toggle, 'the Automatic Account Creation switch');
    await keys.press('Space');
    expect(await ui.toggle.isChecked()).toBe(true);
    await shots.take(page, 'invite link dialog, role chosen and switched on');
    await tabTo(page, ui.save, 'Save');
    await keys.press('Enter');
    await ui.url.waitFor({ state: 'visible' });
    const url = await ui.url.inputValue();
    expect(url).toMatch(/\/join\/[\w-]+$/);

    // Copy the link.
    await tabTo(page, ui.copy, 'Copy');
    await keys.press('Enter');
    await waitForText(ui.copyStatus, 'Copied');
    expect(await clipboardText(page)).toBe(url);
    await shots.take(page, 'invite link dialog, saved and copied');

    // Close: the focus goes back to the button that opened the dialog.
    await keys.press('Escape');
    await ui.inviteDialog.waitFor({ state: 'hidden' });
    expect(await hasFocus(ui.inviteLinkButton)).toBe(true);
    await expectFocusVisible(page, 'the Invite Link button after the dialog closed');

    // Add a user through the Add user dialog.
    await tabTo(page, ui.addUsersButton, 'the Add Users button', { back: true });
    await keys.press('Enter');
    await ui.addDialog.waitFor({ state: 'visible' });
    const add = ui.addDialog;
    expect(await hasFocus(add.getByLabel('First name'))).toBe(true);
    await expectFocusVisible(page, 'the first name field');
    const email = anEmail('kay');
    await keys.type('Kay');
    await tabTo(page, add.getByLabel('Last name'), 'the last name field');
    await keys.type('Keys');
    await tabTo(page, add.getByLabel('Email'), 'the email field of Add user');
    await keys.type(email);
    await tabTo(page, add.getByLabel('Initial password'), 'the initial password field');
    await keys.type(aStrongPassword());
    await tabTo(page, add.getByLabel('Role'), 'the role of the new user');
    await chooseWithArrows(page, add.getByLabel('Role'), 'Technician');
    await tabTo(page, add.getByRole('button', { name: 'Add user' }), 'the Add user button');
    await shots.take(page, 'add user dialog, filled in');
    await keys.press('Enter');
    await add.waitFor({ state: 'hidden' });
    expect(await hasFocus(ui.addUsersButton)).toBe(true);
    await expectFocusVisible(page, 'the Add Users button after the dialog closed');
    await waitForText(ui.rows.filter({ hasText: email }), 'Kay Keys');

    // Open the history of the invite link.
    const history = page.getByRole('link', { name: 'History', exact: true });
    await tabTo(page, history, 'the History link');
    await Promise.all([page.waitForURL((target) => target.pathname.endsWith('/invite-link/history')), keys.press('Enter')]);
    await page.locator('#history-app[data-loaded="true"]').waitFor();
    await waitForText(page.locator('#timeline'), 'Default role set to Member');
    await keys.press('Tab');
    await expectFocusVisible(page, 'the first control of the history page');
    await shots.take(page, 'history, reached with the keyboard');
    expect(problems).toEqual([]);
  });
});
