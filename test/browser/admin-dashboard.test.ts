import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, Screenshots, signIn, useAppAndBrowser } from '../support/browser';
import { aStrongPassword, anEmail, paths, SSO_CONFIG, SSO_MESSAGE, TestApp } from '../support/test-app';
import { focusedElement, focusIsInside, openInviteLinkDialog, usersPage, waitForText } from './admin-page-helpers';

/**
 * The rest of issue 6 in Chromium: the SSO tenant, tenant users kept out, Add Users, the
 * dialogs' keyboard behaviour, inline errors of the Invite Link dialog, pagination, another
 * MSP's tenant, and the pages at 375 px wide.
 */
jest.setTimeout(120_000);

const session = useAppAndBrowser();
const shots = new Screenshots(__filename);
let app: TestApp;

beforeAll(() => {
  app = session.app;
});

function aPage(viewport: { width: number; height: number } = DESKTOP): Promise<{ page: Page; problems: string[] }> {
  return session.page(viewport);
}

async function openUsersPage(page: Page, tenant: { id: string; name: string }): Promise<void> {
  await page.goto(`/admin/tenants/${tenant.id}/users`);
  await waitForText(page.locator('h1'), tenant.name);
  await usersPage(page).inviteLinkButton.waitFor();
}

/** The page has no horizontal scrolling: everything fits the viewport's width. */
async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    content: (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
    viewport: (globalThis as unknown as { innerWidth: number }).innerWidth,
  }));
  expect(widths.content).toBeLessThanOrEqual(widths.viewport);
}

describe('admin dashboard details, in Chromium', () => {
  it('SSO tenant: the toggle is grayed out with the exact message', async () => {
    const { admin, tenant } = await app.anMspWithTenant();
    expect((await app.as(admin.token).put(paths.sso(tenant.id)).send(SSO_CONFIG)).status).toBe(200);
    const { page, problems } = await aPage();
    const ui = usersPage(page);
    await signIn(page, admin.email, admin.password);
    await openUsersPage(page, tenant);
    await openInviteLinkDialog(page);
    // Read-only: nothing can be chosen, so even a role cannot turn the toggle on.
    expect(await ui.roleSelect.isDisabled()).toBe(true);
    expect(await ui.toggle.isDisabled()).toBe(true);
    expect(await ui.toggle.isChecked()).toBe(false);
    expect(await ui.toggleUnavailable.isVisible()).toBe(true);
    expect((await ui.toggleUnavailable.textContent())?.startsWith(`${SSO_MESSAGE} `)).toBe(true);
    expect(await ui.url.isVisible()).toBe(false);
    await shots.take(page, 'sso tenant toggle unavailable');
    expect(problems).toEqual([]);
  });

  it('a tenant user sees their tenant and role in /app and a plain "not allowed" page on every admin URL', async () => {
    const { admin, tenant } = await app.anMspWithTenant();
    const user = await app.createTenantUser(tenant.id, admin.token, 'tenant_admin');
    const { page, problems } = await aPage();
    await signIn(page, user.email, user.password);
    expect(new URL(page.url()).pathname).toBe('/app');
    expect(await page.locator(`tr[data-tenant-id="${tenant.id}"] td`).allTextContents()).toEqual([tenant.name, 'Tenant Administrator']);
    expect(await page.getByRole('link', { name: 'Admin dashboard' }).count()).toBe(0);
    await shots.take(page, 'tenant user app page');

    for (const [path, step] of [
      ['/admin', 'tenant user admin not allowed'],
      [`/admin/tenants/${tenant.id}/users`, 'tenant user users page not allowed'],
      [`/admin/tenants/${tenant.id}/invite-link`, 'tenant user invite link not allowed'],
    ] as const) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      expect(await page.locator('h1').textContent()).toBe('Not allowed');
      expect(await page.locator('dialog, #invite-link-enabled, [data-open-dialog], script[src*="/assets/admin"]').count()).toBe(0);
      expect(await page.getByText('Automatic Account Creation').count()).toBe(0);
      await shots.take(page, step);
    }
    // Nor can the page's script do it for them: the API refuses the tenant user.
    expect((await app.as(user.token).get(paths.inviteLink(tenant.id))).status).toBe(403);
    expect(problems).toEqual([]);
  });

  it('Add Users creates a user with a role; errors show next to their field; the dialogs trap the focus and close on Escape', async () => {
    const { admin, tenant } = await app.anMspWithTenant();
    const { page, problems } = await aPage();
    const ui = usersPage(page);
    await signIn(page, admin.email, admin.password);
    await openUsersPage(page, tenant);

    await ui.addUsersButton.click();
    await ui.addDialog.waitFor({ state: 'visible' });
    expect(await focusedElement(page)).toBe('add-user-firstName');
    // Tab and Shift+Tab never leave the dialog.
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Tab');
      expect(await focusIsInside(page, 'add-user-dialog')).toBe(true);
    }
    await page.getByLabel('First name').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await focusedElement(page)).toBe('button:Add user');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('add-user-firstName');
    await shots.take(page, 'add users dialog empty');

    // Every control has a label.
    const unlabeled = await page.evaluate(() => {
      const doc = (globalThis as unknown as {
        document: { querySelectorAll(selector: string): ArrayLike<{ id: string; labels: ArrayLike<unknown> | null }> };
      }).document;
      return Array.from(doc.querySelectorAll('input:not([type="hidden"]), select, textarea'))
        .filter((control) => !control.labels || control.labels.length === 0)
        .map((control) => control.id);
    });
    expect(unlabeled).toEqual([]);

    // The dialog adds one user: its title and its button say so (the page's button keeps "Add Users").
    const addDialog = ui.addDialog;
    expect(await addDialog.getByRole('heading').textContent()).toBe('Add user');
    expect(await addDialog.getAttribute('aria-labelledby')).toBe('add-user-title');

    // Empty fields: each says so at once, without a request.
    const requests: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') requests.push(request.url());
    });
    await addDialog.getByRole('button', { name: 'Add user' }).click();
    expect(await addDialog.locator('.field-error:not([hidden])').allTextContents()).toEqual([
      'Enter a first name.',
      'Enter a last name.',
      'Enter an email address.',
      'Enter an initial password.',
      'Choose a role for the new user.',
    ]);
    expect(await addDialog.locator('[aria-invalid="true"]').count()).toBe(5);
    expect(await focusedElement(page)).toBe('add-user-firstName');
    expect(requests).toEqual([]);
    await shots.take(page, 'add user empty fields');

    // A registered email and a weak password: both of the API's messages after one submit, each next to its field.
    await addDialog.getByLabel('First name').fill('Sam');
    await addDialog.getByLabel('Last name').fill('Sample');
    await addDialog.getByLabel('Email').fill(admin.email);
    await addDialog.getByLabel('Initial password').fill('weak');
    await addDialog.getByLabel('Role').selectOption({ label: 'Technician' });
    await addDialog.getByRole('button', { name: 'Add user' }).click();
    const passwordError = await waitForText(page.locator('#add-user-password-error'), 'Password must');
    expect(passwordError).toContain('Password must be at least 8 characters long.');
    expect(await page.locator('#add-user-email-error').textContent()).toBe('User already registered');
    expect(await page.getByLabel('Initial password').getAttribute('aria-invalid')).toBe('true');
    expect(await addDialog.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(await addDialog.getByLabel('First name').getAttribute('aria-invalid')).toBeNull();
    expect(await focusedElement(page)).toBe('add-user-email');
    await shots.take(page, 'add users weak password and duplicate email');
    await addDialog.getByLabel('Initial password').fill(aStrongPassword());
    await addDialog.getByRole('button', { name: 'Add user' }).click();
    await waitForText(page.locator('#add-user-email-error'), 'User already registered');
    expect(await page.locator('#add-user-password-error').isHidden()).toBe(true);
    await shots.take(page, 'add users duplicate email');

    const email = anEmail('sam');
    await addDialog.getByLabel('Email').fill(email);
    await addDialog.getByRole('button', { name: 'Add user' }).click();
    await addDialog.waitFor({ state: 'hidden' });
    expect(await focusedElement(page)).toBe('button:Add Users');
    await waitForText(ui.rows.first(), email);
    const cells = await ui.rows.first().locator('td').allTextContents();
    expect([cells[0], cells[1], cells[2], cells[4], cells[5]]).toEqual(['Sam Sample', email, 'Technician', 'Added by admin', 'Password']);
    await shots.take(page, 'add users user added');

    // Escape closes the Add Users dialog without adding anything.
    await ui.addUsersButton.click();
    await ui.addDialog.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await ui.addDialog.waitFor({ state: 'hidden' });
    expect(await focusedElement(page)).toBe('button:Add Users');
    expect(await ui.rows.count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('the Invite Link dialog names invalid domains and domains a sibling tenant holds, next to the domains box', async () => {
    const { msp, admin, tenant } = await app.anMspWithTenant();
    const sibling = await app.createTenant(msp.id, 'Sibling Co', admin.token);
    expect((await app.as(admin.token).put(paths.inviteLink(sibling.id)).send({ allowedDomains: 'taken.example' })).status).toBe(200);
    const { page, problems } = await aPage();
    const ui = usersPage(page);
    await signIn(page, admin.email, admin.password);
    await openUsersPage(page, tenant);
    await openInviteLinkDialog(page);
    // Microsoft sign-in is not configured in this app: no Microsoft organizations box.
    expect(await ui.inviteDialog.getByLabel('Allowed Microsoft organizations (optional)').count()).toBe(0);
    await ui.roleSelect.selectOption({ label: 'Member' });

    await ui.domains.fill('good.example\nnot a domain, localhost');
    await ui.save.click();
    const invalid = await waitForText(ui.domainsError, 'nvalid domain');
    expect(invalid).toContain('not a domain');
    expect(invalid).toContain('localhost');
    expect(await ui.domains.getAttribute('aria-invalid')).toBe('true');
    await shots.take(page, 'invite link invalid domains');

    await ui.domains.fill('good.example, taken.example');
    await ui.save.click();
    const conflict = await waitForText(ui.domainsError, 'another tenant');
    expect(conflict).toContain('taken.example');
    expect(conflict).not.toContain('good.example');
    await shots.take(page, 'invite link sibling domain conflict');

    // More than 50: said while typing, and by the API on save.
    await ui.domains.fill(Array.from({ length: 51 }, (_, i) => `d${i}.example`).join('\n'));
    await waitForText(ui.domainsError, 'at most 50');
    await ui.save.click();
    await waitForText(ui.domainsError, 'At most 50 domains per tenant');
    await shots.take(page, 'invite link too many domains');

    // Nothing was saved: the link is as it was.
    const link = await app.as(admin.token).get(paths.inviteLink(tenant.id));
    expect(link.body).toMatchObject({ enabled: false, defaultRoleId: null, allowedDomains: [] });
    expect(problems).toEqual([]);
  });

  it('the users table pages with Load more, newest first', async () => {
    const { admin, tenant } = await app.anMspWithTenant();
    const emails: string[] = [];
    for (let i = 0; i < 22; i += 1) emails.push((await app.addTenantUser(tenant.id, admin.token, { email: anEmail(`page${i}`) })).email);
    const { page, problems } = await aPage();
    const ui = usersPage(page);
    await signIn(page, admin.email, admin.password);
    await openUsersPage(page, tenant);
    await waitForText(ui.rows.first(), '@');
    expect(await ui.rows.count()).toBe(20);
    expect(await ui.loadMore.isVisible()).toBe(true);
    const firstPage = await ui.rows.locator('td[data-label="Email"]').allTextContents();
    await shots.take(page, 'users table first page');
    await ui.loadMore.click();
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('[data-users] tr').length === 22);
    expect(await ui.loadMore.isVisible()).toBe(false);
    const all = await ui.rows.locator('td[data-label="Email"]').allTextContents();
    expect(all.slice(0, 20)).toEqual(firstPage);
    expect(all).toEqual([...emails].reverse()); // newest first
    await shots.take(page, 'users table all pages');
    expect(problems).toEqual([]);
  });

  it("an admin of another MSP sees 'Tenant not found' and no buttons", async () => {
    const { tenant } = await app.anMspWithTenant();
    const other = await app.anMspWithTenant();
    const { page, problems } = await aPage();
    await signIn(page, other.admin.email, other.admin.password);
    await page.goto(`/admin/tenants/${tenant.id}/users`);
    await waitForText(page.locator('[data-page-error]'), 'Tenant not found');
    expect(await usersPage(page).inviteLinkButton.isVisible()).toBe(false);
    expect(await usersPage(page).addUsersButton.isVisible()).toBe(false);
    expect(await page.content()).not.toContain(tenant.name);
    await shots.take(page, 'other msp tenant not found');
    expect(problems).toEqual([]);
  });

  it('at 375 px wide: tenants, users, both dialogs and the confirmation fit the screen', async () => {
    const { admin, tenant } = await app.anMspWithTenant();
    await app.addTenantUser(tenant.id, admin.token, { firstName: 'Maximilian', lastName: 'Longname-Example' });
    const { page, problems } = await aPage(PHONE);
    const ui = usersPage(page);
    await signIn(page, admin.email, admin.password);
    await page.getByRole('link', { name: tenant.name }).waitFor();
    await expectNoHorizontalScroll(page);
    await shots.take(page, 'phone admin tenants');

    await openUsersPage(page, tenant);
    await waitForText(ui.rows.first(), 'Maximilian');
    await expectNoHorizontalScroll(page);
    await shots.take(page, 'phone tenant users');

    await ui.addUsersButton.click();
    await ui.addDialog.waitFor({ state: 'visible' });
    const addBox = await ui.addDialog.boundingBox();
    expect(addBox!.x).toBeGreaterThanOrEqual(0);
    expect(addBox!.x + addBox!.width).toBeLessThanOrEqual(PHONE.width);
    await shots.take(page, 'phone add users dialog');
    await page.keyboard.press('Escape');

    await openInviteLinkDialog(page);
    await ui.roleSelect.selectOption({ label: 'Member' });
    await ui.toggle.check();
    await ui.domains.fill('phone.example');
    await ui.save.click();
    await ui.url.waitFor({ state: 'visible' });
    const linkBox = await ui.inviteDialog.boundingBox();
    expect(linkBox!.x + linkBox!.width).toBeLessThanOrEqual(PHONE.width);
    const copyBox = await ui.copy.boundingBox();
    expect(copyBox!.x + copyBox!.width).toBeLessThanOrEqual(PHONE.width);
    await shots.take(page, 'phone invite link dialog enabled');
    await ui.revoke.scrollIntoViewIfNeeded();
    await ui.revoke.click();
    await ui.revokeDialog.waitFor({ state: 'visible' });
    await shots.take(page, 'phone revoke confirmation');
    await ui.cancelRevoke.click();
    await ui.revokeDialog.waitFor({ state: 'hidden' });
    expect(problems).toEqual([]);
  });
});
