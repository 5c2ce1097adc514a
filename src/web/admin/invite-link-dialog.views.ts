import { Html, html } from '../pages/html';
import { describedBy, field } from './admin-views';

export const REVOKE_CONFIRMATION =
  'The current invite link stops working immediately: anyone who opens it will see an invalid-link message. ' +
  'A new link with a new token is generated. This cannot be undone.';

/**
 * The link itself: the URL with Copy while the saved link works, or a greyed box saying why it
 * does not. Both share one grid cell, so the dialog keeps its height when the link goes on or off.
 */
function linkSection(): Html {
  return html`<section class="invite-url is-off" data-link-section aria-labelledby="invite-link-url-label">
<div class="link-head">
<label for="invite-link-url" id="invite-link-url-label">Invite link</label>
<span class="badge new-link-badge" data-new-link hidden>New link</span>
</div>
<div class="link-slot">
<div class="link-on" data-link-on>
<div class="copy-row">
<input id="invite-link-url" type="text" readonly spellcheck="false" aria-describedby="invite-link-share-hint">
<button type="button" data-copy>Copy</button>
</div>
<p class="hint" id="invite-link-share-hint">Share it however you like: email, Slack, Teams.</p>
</div>
<p class="link-off" id="invite-link-off" data-link-off></p>
</div>
<p class="copy-status visually-hidden" id="invite-link-copy-status" data-copy-status aria-live="polite"></p>
</section>`;
}

export const EMAIL_VERIFICATION_HINT =
  'New people confirm their email address through a one-time link before they join. ' +
  'Recommended whenever you restrict domains: the list alone does not prove who owns an address.';

export const NEEDS_MAIL = 'Needs mail: set SMTP_URL on the service.';

/**
 * "Require email verification": a checkbox under the domains it protects. Without mail on the
 * service it says what is missing (`data-needs-mail`); the script keeps it disabled then, unless
 * the saved link has it on (turning it off needs no mail). Disabled until the link is loaded.
 */
function emailVerificationField(mail: boolean): Html {
  const id = 'invite-link-email-verification';
  // Without mail, what is missing comes first: it says why the box cannot be ticked.
  const describedBy = [...(mail ? [] : [`${id}-mail`]), `${id}-hint`, `${id}-error`].join(' ');
  return html`<div class="field check-field" data-email-verification${mail ? '' : html` data-needs-mail`}>
<div class="checkbox">
<input id="${id}" name="requireEmailVerification" type="checkbox" disabled aria-describedby="${describedBy}">
<label for="${id}">Require email verification</label>
</div>
${mail ? '' : html`<p class="hint needs-mail" id="${id}-mail">${NEEDS_MAIL}</p>`}
<p class="hint" id="${id}-hint">${EMAIL_VERIFICATION_HINT}</p>
<p class="field-error" id="${id}-error" data-error-for="${id}" hidden></p>
</div>`;
}

/** What the server knows that shapes the dialog: which sign-ins and which mail it has. */
export interface InviteLinkDialogOptions {
  /** Microsoft sign-in is configured: the allowed Microsoft organizations box. */
  readonly microsoft: boolean;
  /** Mail is configured (SMTP_URL): email verification can be turned on. */
  readonly mail: boolean;
}

/** The Invite Link dialog, its Revoke & Generate and its discard confirmations (the script: src/web/client/admin/invite-link-dialog.ts). */
export function inviteLinkDialog({ microsoft, mail }: InviteLinkDialogOptions): Html {
  return html`<dialog id="invite-link-dialog" class="dialog invite-dialog" aria-labelledby="invite-link-title" aria-describedby="invite-link-intro" data-backdrop-close>
<form data-invite-link-form novalidate>
<h2 id="invite-link-title">Invite Link</h2>
<p class="hint" id="invite-link-intro">New users who open the link create their own account and join this tenant with the default role.</p>
<p class="status-box is-info" data-dialog-status role="status"></p>
<p class="status-box is-info" id="invite-link-unavailable" role="status" hidden></p>
<p class="status-box is-notice" data-unsaved role="status"></p>
<div class="error-summary" data-dialog-error role="alert" hidden></div>
<div class="invite-body" data-invite-body>
<div class="invite-settings" data-invite-settings>
<div class="field switch-field">
<div class="switch">
<input id="invite-link-enabled" name="enabled" type="checkbox" role="switch" disabled aria-describedby="invite-link-enabled-hint invite-link-unavailable invite-link-enabled-error">
<label for="invite-link-enabled">Automatic Account Creation</label>
</div>
<p class="hint" id="invite-link-enabled-hint">Choose a default role before turning it on.</p>
<p class="field-error" id="invite-link-enabled-error" data-error-for="invite-link-enabled" hidden></p>
</div>
${field(
    'invite-link-role',
    'Default role',
    html`<select id="invite-link-role" name="defaultRoleId" aria-describedby="${describedBy('invite-link-role', true)}" data-role-select><option value="">Choose a role…</option></select>`,
    'Every new user who joins through the link gets this role. Changing it keeps the same link.',
  )}
${field(
    'invite-link-domains',
    'Allowed email domains (optional)',
    html`<textarea id="invite-link-domains" name="allowedDomains" rows="4" spellcheck="false" autocapitalize="none" aria-describedby="${describedBy('invite-link-domains', true)}"></textarea>`,
    'One per line or separated by commas, for example acme.com. Leave blank to allow any email domain. Up to 50 domains.',
  )}
${emailVerificationField(mail)}
${microsoft
    ? field(
        'invite-link-microsoft-tenants',
        'Allowed Microsoft organizations (optional)',
        html`<textarea id="invite-link-microsoft-tenants" name="allowedMicrosoftTenantIds" rows="2" spellcheck="false" autocapitalize="none" aria-describedby="${describedBy('invite-link-microsoft-tenants', true)}"></textarea>`,
        'Microsoft Entra tenant IDs (GUIDs), one per line. When set, only accounts of these organizations can sign up with Microsoft through the link. Leave blank to allow any.',
      )
    : ''}
</div>
${linkSection()}
</div>
<div class="dialog-actions dialog-footer">
<button type="button" class="secondary" data-close-dialog>Close</button>
<button type="submit" data-save>Save</button>
</div>
<section class="danger-zone" data-danger-zone aria-labelledby="invite-link-danger-title" hidden>
<h3 id="invite-link-danger-title">Danger zone</h3>
<p>Revoking stops the current link at once for everyone who has it, and creates a new one.</p>
<button type="button" class="danger-outline" data-open-revoke>Revoke &amp; Generate New Link</button>
</section>
</form>
</dialog>
<dialog id="revoke-dialog" class="dialog confirm" role="alertdialog" aria-labelledby="revoke-title" aria-describedby="revoke-text">
<h2 id="revoke-title">Revoke this link and generate a new one?</h2>
<p id="revoke-text">${REVOKE_CONFIRMATION}</p>
<div class="error-summary" data-dialog-error role="alert" hidden></div>
<div class="dialog-actions dialog-footer">
<button type="button" class="secondary" data-close-dialog autofocus>Cancel</button>
<button type="button" class="danger" data-confirm-revoke>Revoke &amp; Generate New Link</button>
</div>
</dialog>
<dialog id="discard-dialog" class="dialog confirm" role="alertdialog" aria-labelledby="discard-title" aria-describedby="discard-text">
<h2 id="discard-title">Discard unsaved changes?</h2>
<p id="discard-text">Your changes to the invite link are not saved yet. Discarding them leaves the link as it is.</p>
<div class="dialog-actions dialog-footer">
<button type="button" class="secondary" data-discard>Discard changes</button>
<button type="button" data-close-dialog autofocus>Keep editing</button>
</div>
</dialog>`;
}
