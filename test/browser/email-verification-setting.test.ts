import type { Page } from 'playwright-core';
import { DESKTOP, Screenshots, signIn, useAppAndBrowser } from '../support/browser';
import { Admin, paths, SSO_CONFIG, TestApp } from '../support/test-app';
import { focusedElement, openInviteLinkDialog, usersPage, waitForText } from './admin-page-helpers';

/**
 * "Require email verification" in the Invite Link dialog, in Chromium: the checkbox under the
 * domains, its hint (emphasised while domains are entered and it is off), Save and the unsaved
 * notice, the history's words for it, read-only admins and SSO tenants, and a service without
 * mail (the box disabled, saying what is missing; a refused Save shown beside the box). Every
 * state is photographed at 1440 and 375 px and checked with axe-core.
 */
jest.setTimeout(120_000);

// A service with mail. The setting alone sends nothing: a server that is never dialled will do.
const session = useAppAndBrowser({ env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
const shots = new Screenshots(__filename);
let app: TestApp;

beforeAll(() => {
  app = session.app;
});

const DIALOG = '#invite-link-dialog';
const HINT =
  'New people confirm their email address through a one-time link before they join. ' +
  'Recommended whenever you restrict domains: the list alone does not prove who owns an address.';
const NEEDS_MAIL = 'Needs mail: set SMTP_URL on the service.';

/** An MSP admin's tenant with a custom "Help Desk" role and its link, set through the API. */
async function aTenant(link: { enabled?: boolean; domains?: string[]; verification?: boolean } = {}) {
  const { admin, tenant } = await app.anMspWithTenant();
  const api = app.as(admin.token);
  const role = await api.post(paths.roles(tenant.id)).send({ name: 'Help Desk' });
  expect(role.status).toBe(201);
  const body = {
    defaultRoleId: role.body.id,
    allowedDomains: link.domains ?? [],
    ...(link.enabled && { enabled: true }),
    ...(link.verification && { requireEmailVerification: true }),
  };
  expect((await api.put(paths.inviteLink(tenant.id)).send(body)).status).toBe(200);
  return { admin, tenant };
}

/** The dialog's email verification parts, named as a person sees them. */
function verificationOf(page: Page) {
  const dialog = page.locator(DIALOG);
  return {
    field: dialog.locator('[data-email-verification]'),
    checkbox: dialog.getByRole('checkbox', { name: 'Require email verification' }),
    hint: page.locator('#invite-link-email-verification-hint'),
    needsMail: page.locator('#invite-link-email-verification-mail'),
    error: page.locator('#invite-link-email-verification-error'),
  };
}

/** Signs in and opens the tenant's users page with the Invite Link dialog loaded. */
async function dialogOf(fixture: { admin: Admin; tenant: { id: string; name: string } }) {
  const { page, problems } = await session.page(DESKTOP);
  await signIn(page, fixture.admin.email, fixture.admin.password);
  await page.goto(`/admin/tenants/${fixture.tenant.id}/users`);
  await waitForText(page.locator('h1'), fixture.tenant.name);
  await openInviteLinkDialog(page);
  return { page, problems, ui: usersPage(page), verification: verificationOf(page) };
}

const isEmphasised = async (page: Page) => (await verificationOf(page).hint.getAttribute('class'))?.split(' ').includes('is-emphasised') ?? false;

describe('Require email verification in the Invite Link dialog, in Chromium', () => {
  it('sits under the domains with its hint; emphasised while domains are entered and it is off; Save turns it on with the domains in one history entry', async () => {
    const fixture = await aTenant({ enabled: true });
    const { page, problems, ui, verification } = await dialogOf(fixture);
    expect(await verification.checkbox.isEnabled()).toBe(true);
    expect(await verification.checkbox.isChecked()).toBe(false);
    expect(await verification.hint.innerText()).toBe(HINT);
    expect(await verification.needsMail.count()).toBe(0);
    expect(await isEmphasised(page)).toBe(false); // no domains: a plain hint
    const domainsBox = (await ui.domains.boundingBox())!;
    expect((await verification.checkbox.boundingBox())!.y).toBeGreaterThan(domainsBox.y + domainsBox.height);

    await ui.domains.fill('acme.example');
    expect(await isEmphasised(page)).toBe(true);
    expect(await verification.error.isVisible()).toBe(false); // advice, not an error
    await shots.atBothWidths(page, 'domains without verification', DIALOG, verification.field);

    await verification.checkbox.check();
    expect(await isEmphasised(page)).toBe(false);
    expect(await ui.unsavedNotice.textContent()).toBe('Unsaved changes: Save changes the allowed email domains and turns email verification on.');
    await shots.atBothWidths(page, 'verification checked unsaved', DIALOG, verification.field);

    await ui.save.click();
    await waitForText(ui.dialogStatus, 'Saved.');
    expect(await ui.unsavedNotice.textContent()).toBe('');
    const saved = (await app.as(fixture.admin.token).get(paths.inviteLink(fixture.tenant.id))).body;
    expect(saved).toMatchObject({ requireEmailVerification: true, allowedDomains: ['acme.example'] });

    // A fresh page reads it back from the API.
    await page.reload();
    await openInviteLinkDialog(page);
    expect(await verification.checkbox.isChecked()).toBe(true);
    await shots.atBothWidths(page, 'verification saved on', DIALOG, verification.field);

    // Off again: the notice says so, Save records it.
    await verification.checkbox.uncheck();
    expect(await ui.unsavedNotice.textContent()).toBe('Unsaved changes: Save turns email verification off.');
    expect(await isEmphasised(page)).toBe(true);
    await ui.save.click();
    await waitForText(ui.dialogStatus, 'Saved.');
    expect((await app.as(fixture.admin.token).get(paths.inviteLink(fixture.tenant.id))).body.requireEmailVerification).toBe(false);

    // The history: the first save is one entry with the domains, in words; the state after it shows the setting.
    await page.goto(`/admin/tenants/${fixture.tenant.id}/invite-link/history`);
    const timeline = page.locator('#timeline');
    await waitForText(timeline, 'Email verification turned off');
    expect(await timeline.innerText()).toContain('Domains added: acme.example; email verification turned on');
    const entries = timeline.locator(':scope > li');
    const withDomains = entries.filter({ hasText: 'Domains added: acme.example' });
    expect(await withDomains.count()).toBe(1);
    await withDomains.getByRole('button', { name: 'Show the link after this change' }).click();
    const fact = page.locator('#state-at-facts dd[data-fact="Email verification"]');
    await waitForText(fact, 'Required');
    expect(await fact.innerText()).toBe('Required for password signups');
    await shots.atBothWidths(page, 'history with email verification', undefined, fact);
    expect(problems).toEqual([]);
  });

  it('is read-only for an admin who may only read, and on an SSO tenant', async () => {
    const fixture = await aTenant({ enabled: true, domains: ['acme.example'], verification: true });
    const reader = await app.createAdmin(fixture.tenant.mspId, ['view_audit_log']);
    const asReader = await dialogOf({ ...fixture, admin: reader });
    await waitForText(asReader.ui.toggleUnavailable, 'You can see these settings but not change them');
    expect(await asReader.verification.checkbox.isDisabled()).toBe(true);
    expect(await asReader.verification.checkbox.isChecked()).toBe(true); // as saved
    expect(await isEmphasised(asReader.page)).toBe(false);
    await shots.atBothWidths(asReader.page, 'read-only admin', DIALOG, asReader.verification.field);

    const sso = await aTenant({ domains: ['acme.example'] });
    expect((await app.as(sso.admin.token).put(paths.sso(sso.tenant.id)).send(SSO_CONFIG)).status).toBe(200);
    const onSso = await dialogOf(sso);
    expect(await onSso.verification.checkbox.isDisabled()).toBe(true);
    expect(await onSso.verification.checkbox.isChecked()).toBe(false);
    expect(await isEmphasised(onSso.page)).toBe(false);
    await shots.atBothWidths(onSso.page, 'sso read only', DIALOG, onSso.verification.field);
    expect(asReader.problems).toEqual([]);
    expect(onSso.problems).toEqual([]);
  });

  // Last: it restarts the service without mail, as an operator removing SMTP_URL would.
  it('without mail: a Save from a page loaded before is refused beside the box; reloaded, the box is disabled and says what is missing', async () => {
    const fixture = await aTenant({ enabled: true, domains: ['acme.example'] });
    const alreadyOn = await aTenant({ enabled: true, verification: true });
    const { page, problems, ui, verification } = await dialogOf(fixture);
    await verification.checkbox.check();

    await app.restart({ SMTP_URL: undefined });
    const before = await app.countEvents();
    await ui.save.click();
    await waitForText(verification.error, 'SMTP_URL');
    expect(await verification.error.innerText()).toBe('Email verification sends mail; set SMTP_URL (and MAIL_FROM) on the service first');
    expect(await verification.checkbox.getAttribute('aria-invalid')).toBe('true');
    expect(await focusedElement(page)).toBe('invite-link-email-verification');
    expect(await app.countEvents()).toBe(before);
    await shots.atBothWidths(page, 'refused without mail', DIALOG, verification.field);

    // The page now knows: the box is disabled and says what the service needs; other changes still save.
    await page.reload();
    await openInviteLinkDialog(page);
    expect(await verification.checkbox.isDisabled()).toBe(true);
    expect(await verification.checkbox.isChecked()).toBe(false);
    expect(await verification.needsMail.innerText()).toBe(NEEDS_MAIL);
    expect(await verification.checkbox.getAttribute('aria-describedby')).toContain('invite-link-email-verification-mail');
    expect(await isEmphasised(page)).toBe(true); // domains and no verification: still worth saying
    await shots.atBothWidths(page, 'disabled without mail', DIALOG, verification.field);
    await ui.domains.fill('acme.example\nglobex.example');
    expect(await ui.unsavedNotice.textContent()).toBe('Unsaved changes: Save changes the allowed email domains.');
    await ui.save.click();
    await waitForText(ui.dialogStatus, 'Saved.');
    expect((await app.as(fixture.admin.token).get(paths.inviteLink(fixture.tenant.id))).body).toMatchObject({
      allowedDomains: ['acme.example', 'globex.example'],
      requireEmailVerification: false,
    });

    // A link saved with it on can still be turned off: that needs no mail.
    const other = await dialogOf(alreadyOn);
    expect(await other.verification.checkbox.isEnabled()).toBe(true);
    expect(await other.verification.checkbox.isChecked()).toBe(true);
    await other.verification.checkbox.uncheck();
    await other.ui.save.click();
    await waitForText(other.ui.dialogStatus, 'Saved.');
    expect((await app.as(alreadyOn.admin.token).get(paths.inviteLink(alreadyOn.tenant.id))).body.requireEmailVerification).toBe(false);
    expect(await other.verification.checkbox.isDisabled()).toBe(true); // off now, and no mail to turn it on
    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });
});
