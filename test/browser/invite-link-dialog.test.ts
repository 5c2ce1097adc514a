import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, Screenshots, signIn, useAppAndBrowser } from '../support/browser';
import { paths, SSO_CONFIG, SSO_MESSAGE, TestApp } from '../support/test-app';
import { clipboardText, focusedElement, openInviteLinkDialog, usersPage, waitForText } from './admin-page-helpers';

/**
 * The Invite Link dialog and the link's state on the users page, issue 16 points 2, 3, 4, 5, 8,
 * 10 and 11, in Chromium. Every state is photographed at 1440 and 375 px and checked with axe-core,
 * every confirmation dialog included.
 */
jest.setTimeout(120_000);

const session = useAppAndBrowser();
const shots = new Screenshots(__filename);
let app: TestApp;

beforeAll(() => {
  app = session.app;
});

const DIALOG = '#invite-link-dialog';

/** An MSP admin's tenant with a custom "Help Desk" role and its link, set through the API. */
async function aTenant(link: { enabled?: boolean; domains?: string[]; thenOff?: boolean } = {}) {
  const { admin, tenant } = await app.anMspWithTenant();
  const api = app.as(admin.token);
  const role = await api.post(paths.roles(tenant.id)).send({ name: 'Help Desk' });
  expect(role.status).toBe(201);
  if (link.enabled || link.domains) {
    const body = { defaultRoleId: role.body.id, allowedDomains: link.domains ?? [], ...(link.enabled && { enabled: true }) };
    expect((await api.put(paths.inviteLink(tenant.id)).send(body)).status).toBe(200);
  }
  if (link.thenOff) expect((await api.put(paths.inviteLink(tenant.id)).send({ enabled: false })).status).toBe(200);
  return { admin, tenant, roleId: role.body.id as string };
}

/** Signs in and opens the tenant's users page, at this width. */
async function usersPageOf(fixture: Awaited<ReturnType<typeof aTenant>>, viewport: { width: number; height: number } = DESKTOP, clipboard = false) {
  const { page, problems } = await session.page(viewport, { clipboard });
  await signIn(page, fixture.admin.email, fixture.admin.password);
  await page.goto(`/admin/tenants/${fixture.tenant.id}/users`);
  await waitForText(page.locator('h1'), fixture.tenant.name);
  await usersPage(page).inviteLinkButton.waitFor();
  return { page, problems, ui: usersPage(page) };
}

/** The height of the dialog's link and settings: what must not jump between on and off. */
async function bodyHeight(page: Page): Promise<number> {
  const box = await page.locator(`${DIALOG} [data-invite-body]`).boundingBox();
  return box!.height;
}

describe('the Invite Link dialog, in Chromium', () => {
  it('point 2: the status tells the saved link; an unsaved change is named, and closing with it asks first (Close, Escape, backdrop)', async () => {
    const fixture = await aTenant({ enabled: true, domains: ['acme.example'] });
    const { page, problems, ui } = await usersPageOf(fixture);
    await openInviteLinkDialog(page);
    expect(await ui.dialogStatus.textContent()).toBe('Automatic Account Creation is on.');
    expect(await ui.unsavedNotice.textContent()).toBe('');

    // Off, not saved: the status still says what is saved, the link stays, the notice says what Save does.
    await ui.toggle.uncheck();
    expect(await ui.unsavedNotice.textContent()).toBe('Unsaved changes: Save turns Automatic Account Creation off.');
    expect(await ui.unsavedNotice.getAttribute('role')).toBe('status');
    expect(await ui.dialogStatus.textContent()).toBe('Automatic Account Creation is on.');
    expect(await ui.url.isVisible()).toBe(true);
    expect(await ui.revoke.isVisible()).toBe(true);
    await ui.domains.fill('acme.example\nglobex.example');
    expect(await ui.unsavedNotice.textContent()).toBe('Unsaved changes: Save turns Automatic Account Creation off and changes the allowed email domains.');
    await shots.atBothWidths(page, 'unsaved changes', DIALOG);

    // Close asks; "Keep editing" has the focus and keeps everything as it was.
    await ui.close.click();
    await ui.discardDialog.waitFor({ state: 'visible' });
    expect(await focusedElement(page)).toBe('button:Keep editing');
    await shots.atBothWidths(page, 'discard confirmation', '#discard-dialog');
    await ui.keepEditing.click();
    await ui.discardDialog.waitFor({ state: 'hidden' });
    expect(await ui.inviteDialog.isVisible()).toBe(true);
    expect(await ui.toggle.isChecked()).toBe(false);
    expect(await focusedElement(page)).toBe('button:Close');

    // Escape asks too, and Escape in the confirmation means keep editing.
    await ui.domains.focus();
    await page.keyboard.press('Escape');
    await ui.discardDialog.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await ui.discardDialog.waitFor({ state: 'hidden' });
    expect(await ui.inviteDialog.isVisible()).toBe(true);
    expect(await focusedElement(page)).toBe('invite-link-domains');

    // A click on the backdrop asks as well.
    await page.mouse.click(5, 5);
    await ui.discardDialog.waitFor({ state: 'visible' });
    await ui.keepEditing.click();
    await ui.discardDialog.waitFor({ state: 'hidden' });
    expect(await ui.inviteDialog.isVisible()).toBe(true);

    // Save: the notice goes, the status says what is saved now, and the dialog closes without asking.
    await ui.save.click();
    await waitForText(ui.dialogStatus, 'Saved. Automatic Account Creation is off: the link no longer works.');
    expect(await ui.unsavedNotice.textContent()).toBe('');
    expect(await ui.url.isVisible()).toBe(false);
    expect((await app.as(fixture.admin.token).get(paths.inviteLink(fixture.tenant.id))).body).toMatchObject({ enabled: false });
    await shots.atBothWidths(page, 'saved off', DIALOG);
    await ui.close.click();
    await ui.inviteDialog.waitFor({ state: 'hidden' });
    expect(await ui.discardDialog.isVisible()).toBe(false);
    expect(problems).toEqual([]);
  });

  it('point 2, keyboard only: Escape asks, Escape keeps editing, Tab and Enter discard; the link is as it was', async () => {
    const fixture = await aTenant({ domains: ['acme.example'] });
    const { page, problems, ui } = await usersPageOf(fixture);
    await ui.inviteLinkButton.focus();
    await page.keyboard.press('Enter');
    await waitForText(ui.dialogStatus, 'Automatic Account Creation is off.');
    for (let i = 0; i < 12 && (await focusedElement(page)) !== 'invite-link-domains'; i += 1) await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('invite-link-domains');
    await page.keyboard.press('End');
    await page.keyboard.type(', keyboard.example');
    await waitForText(ui.unsavedNotice, 'Unsaved changes: Save changes the allowed email domains.');

    await page.keyboard.press('Escape');
    await ui.discardDialog.waitFor({ state: 'visible' });
    expect(await focusedElement(page)).toBe('button:Keep editing');
    await page.keyboard.press('Escape');
    await ui.discardDialog.waitFor({ state: 'hidden' });
    expect(await focusedElement(page)).toBe('invite-link-domains');
    expect(await ui.domains.inputValue()).toBe('acme.example, keyboard.example');

    await page.keyboard.press('Escape');
    await ui.discardDialog.waitFor({ state: 'visible' });
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('button:Discard changes');
    await shots.take(page, 'keyboard discard focused');
    await page.keyboard.press('Enter');
    await ui.discardDialog.waitFor({ state: 'hidden' });
    await ui.inviteDialog.waitFor({ state: 'hidden' });
    expect(await focusedElement(page)).toBe('button:Invite Link');

    await page.keyboard.press('Enter');
    await waitForText(ui.dialogStatus, 'Automatic Account Creation is off.');
    expect(await ui.domains.inputValue()).toBe('acme.example');
    expect(await ui.unsavedNotice.textContent()).toBe('');
    expect((await app.as(fixture.admin.token).get(paths.inviteLink(fixture.tenant.id))).body.allowedDomains).toEqual(['acme.example']);
    expect(problems).toEqual([]);
  });

  it('point 3: an off link that has a token stays in place, greyed, saying it works again when turned on; the dialog keeps its height', async () => {
    const fixture = await aTenant({ enabled: true, thenOff: true });
    const { page, problems, ui } = await usersPageOf(fixture);
    await openInviteLinkDialog(page);
    expect(await ui.dialogStatus.textContent()).toBe('Automatic Account Creation is off.');
    await waitForText(ui.linkOff, 'This link works again when you turn Automatic Account Creation on.');
    expect(await ui.linkSection.isVisible()).toBe(true);
    expect(await ui.url.isVisible()).toBe(false);
    expect(await page.locator('#invite-link-url').inputValue()).toBe(''); // nothing to copy while it is off
    expect(await ui.copy.isVisible()).toBe(false);
    expect(await ui.dangerZone.isVisible()).toBe(true);
    const offHeight = await bodyHeight(page);
    await shots.atBothWidths(page, 'link off with token', DIALOG);

    await ui.toggle.check();
    expect(await ui.url.isVisible()).toBe(false); // an unsaved switch shows nothing yet
    await ui.save.click();
    await waitForText(ui.dialogStatus, 'Saved. Automatic Account Creation is on');
    expect(await ui.url.isVisible()).toBe(true);
    expect(await ui.linkOff.isVisible()).toBe(false);
    expect(Math.abs((await bodyHeight(page)) - offHeight)).toBeLessThanOrEqual(1);
    await shots.atBothWidths(page, 'link on again', DIALOG);

    await ui.toggle.uncheck();
    await ui.save.click();
    await waitForText(ui.dialogStatus, 'Saved. Automatic Account Creation is off');
    await waitForText(ui.linkOff, 'This link works again when you turn Automatic Account Creation on.');
    expect(Math.abs((await bodyHeight(page)) - offHeight)).toBeLessThanOrEqual(1);
    await page.keyboard.press('Escape');
    await ui.inviteDialog.waitFor({ state: 'hidden' });

    // A link that was never on has no token: the area says how to get one, and there is nothing to revoke.
    const fresh = await aTenant();
    const other = await usersPageOf(fresh);
    await openInviteLinkDialog(other.page);
    await waitForText(other.ui.linkOff, 'The link appears here once you turn Automatic Account Creation on and save.');
    expect(await other.ui.dangerZone.isVisible()).toBe(false);
    await shots.atBothWidths(other.page, 'link never on', DIALOG);
    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  it('point 4: [Close] [Save] with Save on the right, one Copied, styled statuses, Revoke in a danger zone, the new link highlighted', async () => {
    const fixture = await aTenant({ enabled: true });
    const { page, problems, ui } = await usersPageOf(fixture, DESKTOP, true);
    await openInviteLinkDialog(page);
    const dialogBox = (await ui.inviteDialog.boundingBox())!;
    const close = (await ui.close.boundingBox())!;
    const save = (await ui.save.boundingBox())!;
    expect(Math.abs(close.y - save.y)).toBeLessThan(2);
    expect(save.x).toBeGreaterThan(close.x + close.width - 1);
    expect(dialogBox.x + dialogBox.width - (save.x + save.width)).toBeLessThan(40); // at the right edge
    const zone = (await ui.dangerZone.boundingBox())!;
    expect(zone.y).toBeGreaterThan(save.y + save.height);
    expect(await ui.dangerZone.getByRole('heading', { name: 'Danger zone' }).isVisible()).toBe(true);
    expect(await ui.revoke.getAttribute('class')).toBe('danger-outline');
    expect(await ui.dialogStatus.getAttribute('role')).toBe('status');
    expect(await ui.dialogStatus.getAttribute('class')).toContain('is-info');

    // Copy: the button says it, the live region tells screen readers; nothing else on screen says "Copied".
    await ui.copy.click();
    await waitForText(ui.copy, 'Copied');
    expect(await ui.copy.textContent()).toBe('Copied ✓');
    expect(await ui.copyStatus.textContent()).toBe('Copied');
    expect(await ui.copyStatus.getAttribute('aria-live')).toBe('polite');
    expect(await ui.copyStatus.getAttribute('class')).toContain('visually-hidden');
    expect(await clipboardText(page)).toBe(await ui.url.inputValue());
    // Only the button shows it: the other element that says it is the live region, off screen.
    const sayingCopied = await ui.inviteDialog.getByText(/Copied/).evaluateAll((nodes) => nodes.map((node) => `${node.tagName} ${node.className}`));
    expect(sayingCopied.sort()).toEqual(['BUTTON ', 'P copy-status visually-hidden']);
    await shots.atBothWidths(page, 'copied', DIALOG);

    // A refused save: the error is an alert next to its field, a success a green status.
    await ui.domains.fill('not a domain');
    await ui.save.click();
    await waitForText(ui.domainsError, 'nvalid domain');
    await shots.atBothWidths(page, 'refused save', DIALOG);
    await ui.domains.fill('acme.example');
    await ui.save.click();
    await waitForText(ui.dialogStatus, 'Saved.');
    expect(await ui.dialogStatus.getAttribute('class')).toContain('is-success');

    // Revoke & Generate: confirmation, then the new link is marked and takes the focus.
    const firstUrl = await ui.url.inputValue();
    await ui.revoke.click();
    await ui.revokeDialog.waitFor({ state: 'visible' });
    expect(await focusedElement(page)).toBe('button:Cancel');
    await shots.atBothWidths(page, 'revoke confirmation', '#revoke-dialog');
    await ui.confirmRevoke.click();
    await ui.revokeDialog.waitFor({ state: 'hidden' });
    await waitForText(ui.dialogStatus, 'A new link was generated. The old link no longer works.');
    expect(await ui.url.inputValue()).not.toBe(firstUrl);
    expect(await ui.newLinkBadge.isVisible()).toBe(true);
    expect(await ui.newLinkBadge.textContent()).toBe('New link');
    expect(await ui.linkSection.getAttribute('class')).toContain('is-new');
    await page.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id === 'invite-link-url');
    await shots.atBothWidths(page, 'new link highlighted', DIALOG);

    // On a phone the footer stacks, Save first, both full width.
    await page.setViewportSize(PHONE);
    const phoneSave = (await ui.save.boundingBox())!;
    const phoneClose = (await ui.close.boundingBox())!;
    expect(phoneSave.y + phoneSave.height).toBeLessThanOrEqual(phoneClose.y + 1);
    expect(Math.abs(phoneSave.width - phoneClose.width)).toBeLessThan(2);
    expect(problems).toEqual([]);
  });

  it('point 5: the users page says the link state beside the Invite Link button, and follows every save and regenerate', async () => {
    const fixture = await aTenant();
    const { page, problems, ui } = await usersPageOf(fixture);
    await waitForText(ui.linkState, 'Invite link: Off');
    const button = (await ui.inviteLinkButton.boundingBox())!;
    const state = (await ui.linkState.boundingBox())!;
    expect(state.x).toBeGreaterThan(button.x + button.width - 1); // right beside the button
    expect(Math.abs(state.y + state.height / 2 - (button.y + button.height / 2))).toBeLessThan(8);
    await shots.atBothWidths(page, 'users page link off');

    await openInviteLinkDialog(page);
    await ui.roleSelect.selectOption({ label: 'Help Desk' });
    await ui.toggle.check();
    await ui.domains.fill('acme.example, globex.example');
    await ui.save.click();
    await waitForText(ui.dialogStatus, 'Saved. Automatic Account Creation is on');
    await waitForText(ui.linkState, 'Invite link: On · Help Desk · 2 domains');
    await ui.revoke.click();
    await ui.confirmRevoke.click();
    await waitForText(ui.dialogStatus, 'A new link was generated.');
    expect(await ui.linkState.textContent()).toBe('Invite link: On · Help Desk · 2 domains');
    await page.keyboard.press('Escape');
    await ui.inviteDialog.waitFor({ state: 'hidden' });
    await shots.atBothWidths(page, 'users page link on');

    // A fresh page reads it from the API; an SSO tenant says the link is not available.
    await page.reload();
    await waitForText(ui.linkState, 'Invite link: On · Help Desk · 2 domains');
    expect((await app.as(fixture.admin.token).put(paths.sso(fixture.tenant.id)).send(SSO_CONFIG)).status).toBe(200);
    await page.reload();
    await waitForText(ui.linkState, 'Invite link: not available (SSO)');
    await shots.atBothWidths(page, 'users page link sso');
    expect(problems).toEqual([]);
  });

  it('an admin who may only read (view_audit_log) gets no Add Users and a read-only dialog that says why, with only Close', async () => {
    const fixture = await aTenant({ enabled: true, domains: ['acme.example'] });
    const reader = await app.createAdmin(fixture.tenant.mspId, ['view_audit_log']);
    const { page, problems, ui } = await usersPageOf({ ...fixture, admin: reader });
    await waitForText(ui.linkState, 'Invite link: On · Help Desk · 1 domain');
    expect(await ui.addUsersButton.isVisible()).toBe(false);

    await openInviteLinkDialog(page);
    await waitForText(ui.toggleUnavailable, 'You can see these settings but not change them');
    expect(await ui.dialogStatus.textContent()).toBe('Automatic Account Creation is on.');
    for (const control of [ui.toggle, ui.roleSelect, ui.domains]) expect(await control.isDisabled()).toBe(true);
    expect(await ui.toggle.isChecked()).toBe(true); // shown as saved, never contradicting the status
    expect(await ui.domains.inputValue()).toBe('acme.example');
    expect(await ui.save.isVisible()).toBe(false);
    expect(await ui.url.isVisible()).toBe(false);
    expect(await ui.revoke.isVisible()).toBe(false);
    expect(await focusedElement(page)).toBe('button:Close');
    await shots.atBothWidths(page, 'read-only admin', DIALOG);
    await page.keyboard.press('Escape');
    await ui.inviteDialog.waitFor({ state: 'hidden' });
    expect(problems).toEqual([]);
  });

  it('point 10: the allowed domains keep the order the admin typed, after Save and after reopening; a reorder is saved and shows in the history', async () => {
    const fixture = await aTenant();
    const { page, problems, ui } = await usersPageOf(fixture);
    await openInviteLinkDialog(page);
    await ui.roleSelect.selectOption({ label: 'Help Desk' });
    await ui.domains.fill('zeta.example\nAcme.example\nmid.example\nzeta.example');
    await ui.save.click();
    await waitForText(ui.dialogStatus, 'Saved.');
    // Normalised (lower case) and the duplicate merged where it first stood; nothing re-sorted.
    expect(await ui.domains.inputValue()).toBe('zeta.example\nacme.example\nmid.example');
    await shots.atBothWidths(page, 'domains in the admin order', DIALOG);

    await page.keyboard.press('Escape');
    await ui.inviteDialog.waitFor({ state: 'hidden' });
    await page.reload();
    await openInviteLinkDialog(page);
    expect(await ui.domains.inputValue()).toBe('zeta.example\nacme.example\nmid.example');

    // Only the order changes: the dialog calls it a change, Save records it.
    await ui.domains.fill('acme.example\nmid.example\nzeta.example');
    await waitForText(page.locator(`${DIALOG} [data-unsaved]`), 'Unsaved changes');
    await ui.save.click();
    await waitForText(ui.dialogStatus, 'Saved.');
    await page.reload();
    await openInviteLinkDialog(page);
    expect(await ui.domains.inputValue()).toBe('acme.example\nmid.example\nzeta.example');

    await page.goto(`/admin/tenants/${fixture.tenant.id}/invite-link/history`);
    await waitForText(page.locator('#timeline'), 'Allowed domains reordered');
    await shots.atBothWidths(page, 'history shows the reorder');
    expect(problems).toEqual([]);
  });

  it('point 8: an SSO tenant gets a read-only dialog with one message and only Close; a canceled tenant too', async () => {
    const fixture = await aTenant({ enabled: true, domains: ['acme.example'] });
    expect((await app.as(fixture.admin.token).put(paths.sso(fixture.tenant.id)).send(SSO_CONFIG)).status).toBe(200);
    const { page, problems, ui } = await usersPageOf(fixture);
    await openInviteLinkDialog(page);
    const message = (await ui.toggleUnavailable.textContent()) ?? '';
    expect(message).toBe(`${SSO_MESSAGE} Invite links cannot be used with single sign-on (SSO), so these settings are read-only.`);
    expect(await ui.toggleUnavailable.getAttribute('role')).toBe('status');
    expect(await ui.dialogStatus.isVisible()).toBe(false); // no contradictory "is off" line
    expect(await ui.inviteDialog.getByText(/is off/).count()).toBe(0);
    for (const control of [ui.toggle, ui.roleSelect, ui.domains]) expect(await control.isDisabled()).toBe(true);
    expect(await ui.domains.inputValue()).toBe('acme.example'); // what is set stays readable
    expect(await ui.save.isVisible()).toBe(false);
    expect(await ui.close.isVisible()).toBe(true);
    expect(await ui.revoke.isVisible()).toBe(false);
    expect(await ui.linkSection.isVisible()).toBe(false);
    expect(await focusedElement(page)).toBe('button:Close');
    await shots.atBothWidths(page, 'sso read only', DIALOG);
    await page.keyboard.press('Escape'); // nothing can be unsaved: it closes at once
    await ui.inviteDialog.waitFor({ state: 'hidden' });
    expect(await ui.discardDialog.isVisible()).toBe(false);

    const canceled = await aTenant();
    expect((await app.as(canceled.admin.token).post(paths.cancel(canceled.tenant.id))).status).toBe(200);
    const other = await usersPageOf(canceled);
    await openInviteLinkDialog(other.page);
    expect(await other.ui.toggleUnavailable.textContent()).toMatch(/canceled\. The link of a canceled tenant cannot be used or changed\.$/);
    expect(await other.ui.save.isVisible()).toBe(false);
    expect(await other.ui.roleSelect.isDisabled()).toBe(true);
    await shots.atBothWidths(other.page, 'canceled read only', DIALOG);
    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  it('point 11: at 375 px an enabled link and Copy come first, on the first screen; an off link leaves the settings first', async () => {
    const fixture = await aTenant({ enabled: true, domains: ['acme.example'] });
    const { page, problems, ui } = await usersPageOf(fixture, PHONE);
    await openInviteLinkDialog(page);
    await page.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id === 'invite-link-url');
    const url = (await ui.url.boundingBox())!;
    const copy = (await ui.copy.boundingBox())!;
    const toggle = (await ui.toggle.boundingBox())!;
    expect(copy.y + copy.height).toBeLessThanOrEqual(PHONE.height);
    expect(url.y).toBeLessThan(toggle.y);
    expect(copy.x + copy.width).toBeLessThanOrEqual(PHONE.width);
    await shots.atBothWidths(page, 'phone link first', DIALOG);

    await ui.toggle.uncheck();
    await ui.save.click();
    await waitForText(ui.dialogStatus, 'Saved. Automatic Account Creation is off');
    expect((await ui.linkSection.boundingBox())!.y).toBeGreaterThan((await ui.toggle.boundingBox())!.y);
    await shots.atBothWidths(page, 'phone link off settings first', DIALOG);
    expect(problems).toEqual([]);
  });
});
