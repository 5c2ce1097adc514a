import { randomUUID } from 'node:crypto';
import { Screenshots, signIn, useAppAndBrowser } from '../support/browser';
import { paths } from '../support/test-app';
import { openInviteLinkDialog, usersPage, waitForText } from './admin-page-helpers';

/**
 * The Invite Link dialog's "Allowed Microsoft organizations" (issue 5's per-link list of Entra
 * tenant ids), offered only where Microsoft sign-in is configured. The identity provider is
 * never contacted here: discovery happens when a user starts a Microsoft sign-in.
 */
jest.setTimeout(120_000);

const session = useAppAndBrowser({
  env: {
    MICROSOFT_CLIENT_ID: randomUUID(),
    MICROSOFT_CLIENT_SECRET: 'not-used-in-this-test',
    MICROSOFT_AUTHORITY: 'http://127.0.0.1:9/organizations/v2.0',
    MICROSOFT_ALLOW_INSECURE_AUTHORITY: 'true',
  },
});
const shots = new Screenshots(__filename);

it('sets, shows and clears the allowed Microsoft organizations; invalid ids are named next to the box', async () => {
  const app = session.app;
  const { admin, tenant } = await app.anMspWithTenant();
  const { page, problems } = await session.page();
  const ui = usersPage(page);
  const box = ui.inviteDialog.getByLabel('Allowed Microsoft organizations (optional)');
  const error = page.locator('#invite-link-microsoft-tenants-error');
  const contoso = randomUUID();

  await signIn(page, admin.email, admin.password);
  await page.goto(`/admin/tenants/${tenant.id}/users`);
  await waitForText(page.locator('h1'), tenant.name);
  await openInviteLinkDialog(page);
  await ui.roleSelect.selectOption({ label: 'Member' });

  await box.fill(`${contoso}\ncontoso.onmicrosoft.com`);
  await ui.save.click();
  expect(await waitForText(error, 'contoso.onmicrosoft.com')).toMatch(/not a Microsoft tenant id/i);
  expect(await box.getAttribute('aria-invalid')).toBe('true');
  await shots.take(page, 'microsoft organizations invalid');
  expect((await app.as(admin.token).get(paths.inviteLink(tenant.id))).body).toMatchObject({ defaultRoleId: null });

  await box.fill(contoso.toUpperCase());
  await ui.save.click();
  await waitForText(ui.dialogStatus, 'Saved.');
  expect((await app.as(admin.token).get(paths.inviteLink(tenant.id))).body.allowedMicrosoftTenantIds).toEqual([contoso]);

  // Shown again, normalized, when the dialog is opened anew.
  await page.reload();
  await waitForText(page.locator('h1'), tenant.name);
  await openInviteLinkDialog(page);
  expect(await box.inputValue()).toBe(contoso);
  await shots.take(page, 'microsoft organizations saved');

  await box.fill('');
  await ui.save.click();
  await waitForText(ui.dialogStatus, 'Saved.');
  expect((await app.as(admin.token).get(paths.inviteLink(tenant.id))).body).not.toHaveProperty('allowedMicrosoftTenantIds');
  expect(problems).toEqual([]);
});

it('advises listing the Microsoft organizations when email domains are set and none is listed', async () => {
  const app = session.app;
  const { admin, tenant } = await app.anMspWithTenant();
  const { page, problems } = await session.page();
  const ui = usersPage(page);
  const box = ui.inviteDialog.getByLabel('Allowed Microsoft organizations (optional)');
  const advice = page.locator('#invite-link-microsoft-tenants-advice');
  const domain = `${randomUUID().slice(0, 8)}.example`;

  await signIn(page, admin.email, admin.password);
  await page.goto(`/admin/tenants/${tenant.id}/users`);
  await waitForText(page.locator('h1'), tenant.name);
  await openInviteLinkDialog(page);
  expect(await advice.isHidden()).toBe(true);

  await ui.domains.fill(domain);
  await advice.waitFor({ state: 'visible' });
  expect(await advice.textContent()).toMatch(/list the Microsoft organizations that own them/);
  // Read out with the box it is about.
  expect(await box.getAttribute('aria-describedby')).toContain('invite-link-microsoft-tenants-advice');
  await shots.take(page, 'microsoft organizations advised');

  await box.fill(randomUUID());
  await advice.waitFor({ state: 'hidden' });
  await box.fill('');
  await advice.waitFor({ state: 'visible' });
  await ui.domains.fill('');
  await advice.waitFor({ state: 'hidden' });

  // Saved with domains and no organizations: advised again when the dialog is opened anew.
  await ui.roleSelect.selectOption({ label: 'Member' });
  await ui.domains.fill(domain);
  await ui.save.click();
  await waitForText(ui.dialogStatus, 'Saved.');
  await page.reload();
  await waitForText(page.locator('h1'), tenant.name);
  await openInviteLinkDialog(page);
  await advice.waitFor({ state: 'visible' });
  expect(problems).toEqual([]);
});
