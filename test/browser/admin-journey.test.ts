import type { Page } from 'playwright-core';
import { DESKTOP, Screenshots, signIn, useAppAndBrowser } from '../support/browser';
import { aStrongPassword, INVALID_LINK_MESSAGE, paths, TestApp, unique } from '../support/test-app';
import { clipboardText, focusedElement, openInviteLinkDialog, usersPage, waitForText } from './admin-page-helpers';

/**
 * Issue 6 in a real Chromium: an MSP admin turns the invite link on in the dashboard, a new
 * user joins through the copied link, and the admin sees them; then disable, re-enable and
 * revoke & generate, each checked by opening the links in another browser.
 */
jest.setTimeout(120_000);

const session = useAppAndBrowser();
const shots = new Screenshots(__filename);
let app: TestApp;

beforeAll(() => {
  app = session.app;
});

function aPage(options: { clipboard?: boolean } = {}): Promise<{ page: Page; problems: string[] }> {
  return session.page(DESKTOP, options);
}

/** An MSP, its admin, one tenant with a custom role: made through the API, as the operator would. */
async function aTenantWithCustomRole(roleName: string) {
  const { admin, tenant } = await app.anMspWithTenant();
  const role = await app.as(admin.token).post(paths.roles(tenant.id)).send({ name: roleName });
  expect(role.status).toBe(201);
  return { admin, tenant, role: role.body as { id: string; name: string } };
}

/** The join page as a stranger sees it: the R16 message or "Join [Organization Name]". */
async function openAsStranger(url: string, step: string): Promise<{ page: Page; status: number }> {
  const { page, problems } = await aPage();
  const response = await page.goto(url);
  await shots.take(page, step);
  expect(problems).toEqual([]);
  return { page, status: response?.status() ?? 0 };
}

async function expectInvalidLink(url: string, step: string): Promise<void> {
  const { page, status } = await openAsStranger(url, step);
  expect(status).toBe(404);
  expect((await page.getByRole('alert').textContent())?.trim()).toBe(INVALID_LINK_MESSAGE);
  await page.context().close();
}

async function expectWorkingLink(url: string, tenantName: string, step: string): Promise<void> {
  const { page, status } = await openAsStranger(url, step);
  expect(status).toBe(200);
  expect(await page.locator('h1').textContent()).toBe(`Join ${tenantName}`);
  await page.context().close();
}

describe('the admin dashboard and the invite link, in Chromium', () => {
  it('admin enables the link with a custom role and two domains; a new user joins through the copied link and shows up in the table', async () => {
    const { admin, tenant, role } = await aTenantWithCustomRole('Field Engineer');
    const { page, problems } = await aPage({ clipboard: true });
    const ui = usersPage(page);

    // Sign in: an MSP admin lands on the dashboard.
    await page.goto('/sign-in');
    await shots.take(page, 'journey sign-in page');
    await signIn(page, admin.email, admin.password);
    expect(new URL(page.url()).pathname).toBe('/admin');
    const tenantLink = page.getByRole('link', { name: tenant.name });
    await tenantLink.waitFor();
    await shots.take(page, 'journey admin tenants');

    // Tenants > [Tenant Name] > Users: Add Users and Invite Link side by side.
    await tenantLink.click();
    await page.waitForURL(`**/admin/tenants/${tenant.id}/users`);
    await waitForText(ui.heading, tenant.name);
    await ui.inviteLinkButton.waitFor();
    const addBox = await ui.addUsersButton.boundingBox();
    const inviteBox = await ui.inviteLinkButton.boundingBox();
    expect(addBox && inviteBox).toBeTruthy();
    expect(Math.abs(addBox!.y - inviteBox!.y)).toBeLessThan(2); // same row
    expect(inviteBox!.x).toBeGreaterThan(addBox!.x + addBox!.width - 1); // Invite Link right after Add Users
    expect(await page.getByRole('link', { name: 'History' }).getAttribute('href')).toBe(`/admin/tenants/${tenant.id}/invite-link/history`);
    await shots.take(page, 'journey tenant users empty');

    // Invite Link: the toggle cannot be turned on before a role is chosen.
    await openInviteLinkDialog(page);
    expect(await ui.toggle.isDisabled()).toBe(true);
    expect(await ui.toggle.isChecked()).toBe(false);
    expect(await page.locator('#invite-link-enabled-hint').textContent()).toBe('Choose a default role before turning it on.');
    expect(await ui.url.isVisible()).toBe(false);
    const groups = await ui.roleSelect.locator('optgroup').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('label')));
    expect(groups).toEqual(['Built-in roles', 'Custom roles']);
    expect((await ui.roleSelect.locator('optgroup[label="Built-in roles"] option').allTextContents()).length).toBeGreaterThanOrEqual(3);
    expect(await ui.roleSelect.locator('optgroup[label="Custom roles"] option').allTextContents()).toEqual(['Field Engineer']);
    await shots.take(page, 'journey invite link dialog off');

    await ui.roleSelect.selectOption({ label: 'Field Engineer' });
    expect(await ui.toggle.isDisabled()).toBe(false);
    await ui.toggle.check();
    await ui.domains.fill('acme-corp.example, globex.example');
    await shots.take(page, 'journey invite link dialog filled');
    await ui.save.click();
    await waitForText(ui.dialogStatus, 'Saved. Automatic Account Creation is on');
    await ui.url.waitFor({ state: 'visible' });
    expect(await ui.domains.inputValue()).toBe('acme-corp.example\nglobex.example');
    await shots.take(page, 'journey invite link enabled');

    // Copy: the page confirms, and the clipboard holds what the page shows.
    await ui.copy.click();
    await waitForText(ui.copy, 'Copied');
    expect(await ui.copyStatus.textContent()).toBe('Copied'); // said to screen readers, shown once: on the button
    const inviteUrl = await ui.url.inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${app.url.replace(/\./g, '\\.')}/join/[A-Za-z0-9_-]{22,}$`));
    expect(await clipboardText(page)).toBe(inviteUrl);
    await shots.take(page, 'journey invite link copied');

    // Escape closes the dialog and gives the focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await ui.inviteDialog.waitFor({ state: 'hidden' });
    expect(await focusedElement(page)).toBe('button:Invite Link');

    // A fresh browser opens the link and signs up with an allowed email.
    const visitor = await aPage();
    const email = `${unique('dana')}@globex.example`;
    await visitor.page.goto(inviteUrl);
    expect(await visitor.page.locator('h1').textContent()).toBe(`Join ${tenant.name}`);
    await shots.take(visitor.page, 'journey join page');
    await visitor.page.getByLabel('First name').fill('Dana');
    await visitor.page.getByLabel('Last name').fill('Newcomer');
    await visitor.page.getByLabel('Email').fill(email);
    const password = aStrongPassword();
    await visitor.page.getByLabel('Password', { exact: true }).fill(password);
    await visitor.page.getByLabel('Confirm password').fill(password);
    await visitor.page.getByRole('checkbox').check();
    await shots.take(visitor.page, 'journey join form filled');
    await Promise.all([visitor.page.waitForURL('**/app'), visitor.page.getByRole('button', { name: 'Create account' }).click()]);
    const membership = visitor.page.locator(`tr[data-tenant-id="${tenant.id}"]`);
    expect(await membership.locator('td').allTextContents()).toEqual([tenant.name, 'Field Engineer']);
    expect(await membership.getAttribute('data-role-id')).toBe(role.id); // exactly the custom role
    expect(await visitor.page.getByRole('link', { name: 'Admin dashboard' }).count()).toBe(0);
    await shots.take(visitor.page, 'journey new user in app');
    expect(visitor.problems).toEqual([]);

    // The admin's table shows the new user, newest first, joined via the invite link.
    await page.reload();
    await waitForText(ui.rows.first(), email);
    const cells = await ui.rows.first().locator('td').allTextContents();
    expect(cells[0]).toBe('Dana Newcomer');
    expect(cells[1]).toBe(email);
    expect(cells[2]).toBe('Field Engineer');
    expect(cells[4]).toBe('Invite link');
    expect(cells[5]).toBe('Password');
    expect(await ui.rows.first().getAttribute('data-joined-via')).toBe('invite_link');
    await shots.take(page, 'journey users table with new user');
    expect(problems).toEqual([]);
  });

  it('disable stops the copied link, enable restores the same link, Revoke & Generate retires it for a new one', async () => {
    const { admin, tenant } = await aTenantWithCustomRole('Contractor');
    const { page, problems } = await aPage();
    const ui = usersPage(page);
    await signIn(page, admin.email, admin.password);

    // The dialog's own URL opens the users page with the dialog open.
    await page.goto(`/admin/tenants/${tenant.id}/invite-link`);
    await page.waitForURL(`**/admin/tenants/${tenant.id}/users#invite-link`);
    await ui.inviteDialog.waitFor({ state: 'visible' });
    await waitForText(ui.dialogStatus, 'Automatic Account Creation is off.');
    await ui.roleSelect.selectOption({ label: 'Contractor' });
    await ui.toggle.check();
    await ui.save.click();
    await ui.url.waitFor({ state: 'visible' });
    const firstUrl = await ui.url.inputValue();
    await expectWorkingLink(firstUrl, tenant.name, 'lifecycle link works when enabled');

    // Disable: the same URL now shows the R16 message.
    await ui.toggle.uncheck();
    await ui.save.click();
    await waitForText(ui.dialogStatus, 'Saved. Automatic Account Creation is off: the link no longer works.');
    expect(await ui.url.isVisible()).toBe(false);
    expect(await ui.toggle.isChecked()).toBe(false);
    await shots.take(page, 'lifecycle invite link disabled');
    await expectInvalidLink(firstUrl, 'lifecycle disabled link shows R16');

    // Enable again: exactly the same link works again.
    await ui.toggle.check();
    await ui.save.click();
    await waitForText(ui.dialogStatus, 'Saved. Automatic Account Creation is on');
    expect(await ui.url.inputValue()).toBe(firstUrl);
    await shots.take(page, 'lifecycle invite link re-enabled');
    await expectWorkingLink(firstUrl, tenant.name, 'lifecycle re-enabled link works');

    // Revoke & Generate New Link asks first; Escape or Cancel changes nothing.
    await ui.revoke.click();
    await ui.revokeDialog.waitFor({ state: 'visible' });
    const confirmation = (await ui.revokeDialog.locator('#revoke-text').textContent()) ?? '';
    expect(confirmation).toContain('stops working immediately');
    expect(confirmation).toContain('This cannot be undone.');
    expect(await focusedElement(page)).toBe('button:Cancel');
    await shots.take(page, 'lifecycle revoke confirmation');
    await page.keyboard.press('Escape');
    await ui.revokeDialog.waitFor({ state: 'hidden' });
    expect(await ui.inviteDialog.isVisible()).toBe(true); // only the confirmation closed
    expect(await focusedElement(page)).toBe('button:Revoke & Generate New Link');
    expect(await ui.url.inputValue()).toBe(firstUrl);

    await ui.revoke.click();
    await ui.confirmRevoke.click();
    await ui.revokeDialog.waitFor({ state: 'hidden' });
    await waitForText(ui.dialogStatus, 'A new link was generated. The old link no longer works.');
    const secondUrl = await ui.url.inputValue();
    expect(secondUrl).not.toBe(firstUrl);
    expect(secondUrl).toMatch(/\/join\/[A-Za-z0-9_-]{22,}$/);
    expect(await ui.toggle.isChecked()).toBe(true);
    await shots.take(page, 'lifecycle after revoke and generate');
    await expectInvalidLink(firstUrl, 'lifecycle revoked link shows R16');
    await expectWorkingLink(secondUrl, tenant.name, 'lifecycle new link works');
    expect(problems).toEqual([]);
  });
});
