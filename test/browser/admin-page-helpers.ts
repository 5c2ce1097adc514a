import type { Locator, Page } from 'playwright-core';

/**
 * The little of the DOM the page.evaluate callbacks below use (they run in the browser; the
 * project compiles without the DOM library).
 */
interface BrowserElement {
  readonly id: string;
  readonly tagName: string;
  readonly textContent: string | null;
  contains(other: BrowserElement | null): boolean;
}
declare const document: { readonly activeElement: BrowserElement | null; getElementById(id: string): BrowserElement | null };
declare const navigator: { readonly clipboard: { readText(): Promise<string> } };

/** Locators of the admin users page and its dialogs, named as a person sees them. */
export function usersPage(page: Page) {
  const inviteDialog = page.locator('#invite-link-dialog');
  const revokeDialog = page.locator('#revoke-dialog');
  const addDialog = page.locator('#add-user-dialog');
  const discardDialog = page.locator('#discard-dialog');
  return {
    heading: page.locator('h1'),
    addUsersButton: page.getByRole('button', { name: 'Add Users', exact: true }),
    inviteLinkButton: page.getByRole('button', { name: 'Invite Link', exact: true }),
    rows: page.locator('[data-users] tr'),
    loadMore: page.getByRole('button', { name: 'Load more users' }),
    pageError: page.locator('[data-page-error]'),
    inviteDialog,
    toggle: inviteDialog.getByRole('switch', { name: 'Automatic Account Creation' }),
    toggleUnavailable: page.locator('#invite-link-unavailable'),
    roleSelect: inviteDialog.getByLabel('Default role'),
    domains: inviteDialog.getByLabel('Allowed email domains (optional)'),
    domainsError: page.locator('#invite-link-domains-error'),
    save: inviteDialog.getByRole('button', { name: 'Save', exact: true }),
    close: inviteDialog.getByRole('button', { name: 'Close', exact: true }),
    dialogStatus: inviteDialog.locator('[data-dialog-status]'),
    unsavedNotice: inviteDialog.locator('[data-unsaved]'),
    linkSection: inviteDialog.locator('[data-link-section]'),
    linkOff: inviteDialog.locator('[data-link-off]'),
    newLinkBadge: inviteDialog.locator('[data-new-link]'),
    dangerZone: inviteDialog.getByRole('region', { name: 'Danger zone' }),
    linkState: page.locator('[data-invite-state]'),
    discardDialog,
    keepEditing: discardDialog.getByRole('button', { name: 'Keep editing' }),
    discardChanges: discardDialog.getByRole('button', { name: 'Discard changes' }),
    url: inviteDialog.getByRole('textbox', { name: 'Invite link', exact: true }),
    copy: inviteDialog.getByRole('button', { name: /^(Copy|Copied)$/ }),
    copyStatus: inviteDialog.locator('[data-copy-status]'),
    revoke: inviteDialog.getByRole('button', { name: 'Revoke & Generate New Link' }),
    revokeDialog,
    confirmRevoke: revokeDialog.getByRole('button', { name: 'Revoke & Generate New Link' }),
    cancelRevoke: revokeDialog.getByRole('button', { name: 'Cancel' }),
    addDialog,
  };
}

/** Waits until the locator's text contains `text` (the pages fill themselves in asynchronously). */
export async function waitForText(locator: Locator, text: string | RegExp, timeout = 10_000): Promise<string> {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
  return (await locator.first().textContent()) ?? '';
}

/**
 * Opens the Invite Link dialog and waits until it shows the link's saved state (or, on a tenant
 * where the link cannot be used, why not).
 */
export async function openInviteLinkDialog(page: Page): Promise<void> {
  const ui = usersPage(page);
  await ui.inviteLinkButton.click();
  await ui.inviteDialog.waitFor({ state: 'visible' });
  await ui.inviteDialog.locator('form:not([aria-busy])').waitFor();
  await ui.inviteDialog.locator('[data-dialog-status], #invite-link-unavailable').filter({ visible: true, hasText: /Automatic Account Creation is (on|off)\.|^Not available/ }).first().waitFor();
}

/** The id of the element that has the focus, or its tag and text when it has no id. */
export function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (!active) return '';
    return active.id || `${active.tagName.toLowerCase()}:${(active.textContent ?? '').trim()}`;
  });
}

/** Whether the focused element is inside the element with this id. */
export function focusIsInside(page: Page, id: string): Promise<boolean> {
  return page.evaluate((containerId) => {
    const container = document.getElementById(containerId);
    return Boolean(container && document.activeElement && container.contains(document.activeElement));
  }, id);
}

/** What the system clipboard holds (the context needs the clipboard-read permission). */
export function clipboardText(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}
