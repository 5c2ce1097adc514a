import type { InviteLink } from './api-types';

/**
 * The Invite Link dialog's and the users page's words about the link, kept apart from the DOM so
 * that they can be unit-tested: the saved state, what an unsaved edit would do, why a link is not
 * available, and the one-line summary next to the Invite Link button.
 */

/** What the dialog says once a save went through, from the link before and after. */
export function savedMessage(wasEnabled: boolean, nowEnabled: boolean): string {
  if (nowEnabled && !wasEnabled) return 'Saved. Automatic Account Creation is on: copy the link and share it.';
  if (!nowEnabled && wasEnabled) return 'Saved. Automatic Account Creation is off: the link no longer works.';
  return 'Saved.';
}

/** The saved state, as the dialog's status line says it when it opens. */
export function savedStateMessage(link: InviteLink): string {
  return link.enabled ? 'Automatic Account Creation is on.' : 'Automatic Account Creation is off.';
}

/**
 * Why the link cannot be used: the API's own sentence, word for word (for SSO the exact message
 * admins are told everywhere), and what it means for the dialog.
 */
export function unavailableMessage(link: InviteLink): string {
  const reason = link.unavailableReason || 'Not available for this tenant.';
  if (/canceled/i.test(reason)) return `${reason} The link of a canceled tenant cannot be used or changed.`;
  if (/SSO/.test(reason)) return `${reason} Invite links cannot be used with single sign-on (SSO), so these settings are read-only.`;
  return `${reason} These settings are read-only.`;
}

/**
 * For an MSP admin whose permissions only let them read (`view_audit_log`): why nothing can be
 * changed, and that the link itself is for admins who can.
 */
export const READ_ONLY_ADMIN_MESSAGE =
  'You can see these settings but not change them: changing the invite link needs one of the MSP\'s manage permissions. ' +
  'The link itself is shown only to admins who can change it.';

/** The dialog's fields as the admin left them, before they are sent. */
export interface LinkForm {
  readonly enabled: boolean;
  readonly defaultRoleId: string;
  /** The chosen role's name, to say it in the notice. */
  readonly roleName: string;
  readonly allowedDomains: string;
  /** Absent when Microsoft sign-in is not configured (the dialog has no such box). */
  readonly allowedMicrosoftTenantIds?: string;
  /** The "Require email verification" box; absent while it cannot be changed. */
  readonly requireEmailVerification?: boolean;
}

/** The entries of a list box as the API would read them: separated by commas or white space, case ignored. */
function entries(text: string): string {
  return text
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase().replace(/^@/, '').replace(/^\{(.*)\}$/, '$1'))
    .filter(Boolean)
    .join('\n');
}

function sentence(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * What Save would do with the fields as they are, or null when they say what the saved link
 * says: "Unsaved changes: Save turns Automatic Account Creation off and sets the default role to
 * Help Desk."
 */
export function unsavedChanges(saved: InviteLink, form: LinkForm): string | null {
  const parts: string[] = [];
  if (form.enabled !== Boolean(saved.enabled)) parts.push(`turns Automatic Account Creation ${form.enabled ? 'on' : 'off'}`);
  if (form.defaultRoleId !== (saved.defaultRoleId ?? '')) parts.push(`sets the default role to ${form.roleName}`);
  if (entries(form.allowedDomains) !== entries((saved.allowedDomains ?? []).join('\n'))) {
    parts.push(entries(form.allowedDomains) === '' ? 'allows any email domain' : 'changes the allowed email domains');
  }
  if (form.allowedMicrosoftTenantIds !== undefined && entries(form.allowedMicrosoftTenantIds) !== entries((saved.allowedMicrosoftTenantIds ?? []).join('\n'))) {
    parts.push('changes the allowed Microsoft organizations');
  }
  if (form.requireEmailVerification !== undefined && form.requireEmailVerification !== Boolean(saved.requireEmailVerification)) {
    parts.push(`turns email verification ${form.requireEmailVerification ? 'on' : 'off'}`);
  }
  return parts.length ? `Unsaved changes: Save ${sentence(parts)}.` : null;
}

/** Counts with their noun: "1 domain", "2 domains". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * The link's state at a glance, next to the Invite Link button: "Invite link: On · Help Desk ·
 * 2 domains" (plus "· email verification" when signups must confirm their address), "Invite link:
 * Off", "Invite link: not available (SSO)".
 */
export function linkSummary(link: InviteLink, roleName: (id: string) => string | undefined): string {
  if (link.available === false) {
    return /canceled/i.test(link.unavailableReason || '') ? 'Invite link: not available (tenant canceled)' : 'Invite link: not available (SSO)';
  }
  if (!link.enabled) return 'Invite link: Off';
  const role = link.defaultRoleId ? roleName(link.defaultRoleId) || 'a role' : 'no role';
  const domains = (link.allowedDomains ?? []).length;
  const verified = link.requireEmailVerification ? ' · email verification' : '';
  return `Invite link: On · ${role} · ${domains === 0 ? 'any email domain' : count(domains, 'domain')}${verified}`;
}

/**
 * Whether the email verification hint stands out: domains are entered but verification is off,
 * so anyone can claim an address at those domains (not an error: the link works either way).
 */
export function verificationAdvised(domainCount: number, verificationOn: boolean): boolean {
  return domainCount > 0 && !verificationOn;
}
