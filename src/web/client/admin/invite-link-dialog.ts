import { apiRequest, getJson } from '../shared/api';
import { enc, required, requiredIn } from '../shared/dom';
import type { InviteLink, Page } from './api-types';
import { busy, clearErrors, closeDialog, FieldIds, focusFirst, guardClose, openDialog, showErrors } from './dialogs';
import { countDomains, MAX_ALLOWED_DOMAINS } from './domain-list';
import { asRefusal } from './field-errors';
import {
  READ_ONLY_ADMIN_MESSAGE,
  savedMessage,
  savedStateMessage,
  unavailableMessage,
  unsavedChanges,
  verificationAdvised,
} from './invite-link-texts';

export { savedMessage } from './invite-link-texts';

/** The dialog's controls by the API's field names. */
const LINK_FIELDS: FieldIds = {
  enabled: 'invite-link-enabled',
  defaultRoleId: 'invite-link-role',
  allowedDomains: 'invite-link-domains',
  allowedMicrosoftTenantIds: 'invite-link-microsoft-tenants',
  requireEmailVerification: 'invite-link-email-verification',
};

const MICROSOFT_ADVICE =
  'Recommended: email domains are set, so also list the Microsoft organizations that own them. ' +
  'Without this list, a Microsoft account from any organization is accepted when Microsoft reports its address at these domains as verified.';

/** A token exists once the link was first enabled or regenerated: turning it on again brings the same link back. */
const TOKEN_EVENTS = 'InviteLinkEnabled,InviteLinkRegenerated';

type StatusKind = 'info' | 'success';

export interface InviteLinkBody {
  allowedDomains: string;
  allowedMicrosoftTenantIds?: string;
  defaultRoleId?: string;
  enabled?: boolean;
  requireEmailVerification?: boolean;
}

/**
 * The Invite Link dialog (GET and PUT /api/v1/tenants/:id/invite-link): the Automatic Account
 * Creation switch, default role, allowed email domains, Require email verification and, when
 * Microsoft sign-in is configured, allowed Microsoft organizations; the link itself with Copy;
 * and, in a danger zone, Revoke & Generate New Link behind its own confirmation dialog. Returns
 * the function that opens it.
 *
 * Nothing is saved until Save. The status line and the link always show the SAVED link; as soon
 * as a field differs from it, a notice says what Save will do, and closing asks before
 * discarding. A tenant where the link cannot be used (SSO, canceled) gets a read-only dialog.
 */
export function setUpInviteLinkDialog(
  tenantId: string,
  onLink: (link: InviteLink) => void = () => undefined,
  { canManage = true }: { canManage?: boolean } = {},
): (opener: Element | null) => void {
  const api = `/api/v1/tenants/${enc(tenantId)}/invite-link`;
  const dialog = required<HTMLDialogElement>('invite-link-dialog');
  const form = requiredIn<HTMLFormElement>(dialog, 'form');
  const toggle = required<HTMLInputElement>('invite-link-enabled');
  const toggleHint = required('invite-link-enabled-hint');
  const unavailable = required('invite-link-unavailable');
  const roleSelect = required<HTMLSelectElement>('invite-link-role');
  const domains = required<HTMLTextAreaElement>('invite-link-domains');
  const verification = required<HTMLInputElement>('invite-link-email-verification');
  const verificationHint = required('invite-link-email-verification-hint');
  const verificationField = requiredIn(dialog, '[data-email-verification]');
  // The page says when the service has no mail: verification cannot be turned on then.
  const mailConfigured = !verificationField.hasAttribute('data-needs-mail');
  const body = requiredIn(dialog, '[data-invite-body]');
  const settings = requiredIn(dialog, '[data-invite-settings]');
  const linkSection = requiredIn(dialog, '[data-link-section]');
  const linkOff = requiredIn(dialog, '[data-link-off]');
  const newLinkBadge = requiredIn(dialog, '[data-new-link]');
  const urlInput = required<HTMLInputElement>('invite-link-url');
  const copyButton = requiredIn<HTMLButtonElement>(dialog, '[data-copy]');
  const copyStatus = requiredIn(dialog, '[data-copy-status]');
  const dialogStatus = requiredIn(dialog, '[data-dialog-status]');
  const unsavedNotice = requiredIn(dialog, '[data-unsaved]');
  const saveButton = requiredIn<HTMLButtonElement>(dialog, '[data-save]');
  const dangerZone = requiredIn(dialog, '[data-danger-zone]');
  const revokeDialog = required<HTMLDialogElement>('revoke-dialog');
  const discardDialog = required<HTMLDialogElement>('discard-dialog');
  // Present only when Microsoft sign-in is configured.
  const microsoftTenants = document.getElementById('invite-link-microsoft-tenants') as HTMLTextAreaElement | null;
  // Microsoft sign-in keeps other organizations out of a domain-restricted link only through
  // Microsoft's verified-email claim; the organizations list is what closes it for certain.
  let microsoftAdvice: HTMLElement | null = null;
  if (microsoftTenants) {
    microsoftAdvice = document.createElement('p');
    microsoftAdvice.className = 'hint advice';
    microsoftAdvice.id = 'invite-link-microsoft-tenants-advice';
    microsoftAdvice.hidden = true;
    microsoftAdvice.textContent = MICROSOFT_ADVICE;
    microsoftTenants.insertAdjacentElement('afterend', microsoftAdvice);
    microsoftTenants.setAttribute('aria-describedby', `${microsoftTenants.getAttribute('aria-describedby') || ''} ${microsoftAdvice.id}`);
  }
  /** The link as last read or saved: what the status line, the link and the danger zone show. */
  let saved: InviteLink | null = null;
  /**
   * Whether the link has a token. The API hands out no URL while the link is off, so for an
   * off link the history says whether it was ever issued (false until it is known).
   */
  let hasToken = false;
  let copyTimer: number | undefined;

  const setDialogStatus = (text: string, kind: StatusKind = 'info'): void => {
    dialogStatus.textContent = text;
    dialogStatus.classList.toggle('is-info', kind === 'info');
    dialogStatus.classList.toggle('is-success', kind === 'success');
  };

  // An admin who may only read gets the settings without any control that would be refused.
  const readOnly = (): boolean => !canManage || Boolean(saved && saved.available === false);

  const updateToggle = (): void => {
    const usable = Boolean(saved && saved.available);
    // A reader sees the switch as it is saved, but cannot move it.
    const available = usable && canManage;
    const hasRole = roleSelect.value !== '';
    toggle.disabled = !available || !hasRole;
    if (!usable) toggle.checked = false;
    toggle.closest('.switch-field')?.classList.toggle('is-disabled', toggle.disabled);
    toggleHint.hidden = !available;
    toggleHint.textContent = hasRole
      ? 'When on, anyone with the link can create an account in this tenant.'
      : 'Choose a default role before turning it on.';
  };

  /**
   * Without mail, turning verification on would be refused, so the box stays disabled; a link
   * saved with it on keeps the box usable, since turning it off needs no mail.
   */
  const updateVerification = (): void => {
    verification.disabled = readOnly() || (!mailConfigured && !saved?.requireEmailVerification);
    verificationField.classList.toggle('is-disabled', verification.disabled);
    verificationHint.classList.toggle('is-emphasised', !readOnly() && verificationAdvised(countDomains(domains.value), verification.checked));
  };

  const updateMicrosoftAdvice = (): void => {
    if (!microsoftAdvice || !microsoftTenants) return;
    microsoftAdvice.hidden = readOnly() || !(countDomains(domains.value) > 0 && microsoftTenants.value.trim() === '');
  };

  /** What Save would change, or null; always null while the dialog is read-only. */
  const pendingChanges = (): string | null => {
    if (!saved || readOnly()) return null;
    return unsavedChanges(saved, {
      enabled: toggle.checked,
      defaultRoleId: roleSelect.value,
      roleName: roleSelect.selectedOptions[0]?.textContent ?? '',
      allowedDomains: domains.value,
      ...(microsoftTenants && { allowedMicrosoftTenantIds: microsoftTenants.value }),
      ...(!verification.disabled && { requireEmailVerification: verification.checked }),
    });
  };

  const updateNotice = (): void => {
    unsavedNotice.textContent = pendingChanges() ?? '';
  };

  /** The fields as the saved link has them. */
  const fillFields = (value: InviteLink): void => {
    toggle.checked = Boolean(value.enabled);
    roleSelect.value = value.defaultRoleId || '';
    // A role, once chosen, can be changed but not unset.
    const placeholder = roleSelect.querySelector<HTMLOptionElement>('option[value=""]');
    if (placeholder) placeholder.disabled = Boolean(value.defaultRoleId);
    domains.value = (value.allowedDomains ?? []).join('\n');
    verification.checked = Boolean(value.requireEmailVerification);
    if (microsoftTenants) microsoftTenants.value = (value.allowedMicrosoftTenantIds ?? []).join('\n');
  };

  /** Everything that shows the saved link: read-only or not, the link or why there is none, the danger zone. */
  const showSaved = (value: InviteLink): void => {
    saved = value;
    if (value.url) hasToken = true;
    // The users page shows the link's state too: it follows every answer the dialog gets.
    onLink(value);
    const unusable = value.available === false;
    const locked = unusable || !canManage;
    unavailable.hidden = !locked;
    unavailable.textContent = unusable ? unavailableMessage(value) : locked ? READ_ONLY_ADMIN_MESSAGE : '';
    // A link that cannot be used has one message, the reason; "is off" would contradict it.
    dialogStatus.hidden = unusable;
    saveButton.hidden = locked;
    for (const control of [roleSelect, domains, microsoftTenants]) if (control) control.disabled = locked;
    updateToggle();
    updateVerification();
    updateMicrosoftAdvice();

    const on = Boolean(value.url);
    urlInput.value = value.url || '';
    linkSection.classList.toggle('is-off', !on);
    linkSection.hidden = locked;
    linkOff.textContent = on
      ? ''
      : value.enabled
        ? 'Only admins who can change the link can see it.'
        : hasToken
          ? 'This link works again when you turn Automatic Account Creation on.'
          : 'The link appears here once you turn Automatic Account Creation on and save.';
    // A working link is what the admin came for: it comes first, above the settings (on a phone,
    // it would otherwise sit below the fold). The DOM order is the reading and Tab order too.
    if (on) body.insertBefore(linkSection, settings);
    else body.appendChild(linkSection);
    dangerZone.hidden = locked || !hasToken;
    copyStatus.textContent = '';
    resetCopyButton();
    updateNotice();
  };

  const markNewLink = (on: boolean): void => {
    linkSection.classList.toggle('is-new', on);
    newLinkBadge.hidden = !on;
  };

  /** For an off link the API gives no URL: the history says whether one was ever issued. */
  const learnWhetherTokenExists = async (value: InviteLink): Promise<void> => {
    if (hasToken || value.url || value.enabled || value.available === false) return;
    try {
      const events = await getJson<Page<unknown>>(`${api}/history?type=${TOKEN_EVENTS}&limit=1`);
      hasToken = (events?.items ?? []).length > 0;
    } catch {
      // Not knowing only changes a sentence: the link area then says how to get a link.
    }
  };

  const openInviteLink = (opener: Element | null): void => {
    clearErrors(dialog);
    markNewLink(false);
    unsavedNotice.textContent = '';
    setDialogStatus('Loading the invite link…');
    form.setAttribute('aria-busy', 'true');
    openDialog(dialog, opener);
    // Opened before the link is known, the dialog focused what could take the focus then.
    const focusedWhileLoading = document.activeElement;
    getJson<InviteLink>(api)
      .then(async (value) => {
        await learnWhetherTokenExists(value);
        fillFields(value);
        showSaved(value);
        // Unless the person has moved on, the focus goes where the loaded dialog starts: the link
        // when it works, the switch once a role is set, Close when the dialog is read-only.
        if (dialog.open && document.activeElement === focusedWhileLoading) focusFirst(dialog);
        // A link that cannot be used has one message, the reason; "is off" would contradict it.
        setDialogStatus(value.available === false ? '' : savedStateMessage(value));
      })
      .catch((error: unknown) => {
        showErrors(dialog, asRefusal(error), LINK_FIELDS);
        setDialogStatus('');
      })
      .then(() => form.removeAttribute('aria-busy'));
  };

  requiredIn(document, '[data-open-dialog="invite-link-dialog"]').addEventListener('click', (event) => {
    openInviteLink(event.currentTarget as Element);
  });

  // ---- Unsaved changes ----------------------------------------------------------------------

  guardClose(dialog, () => {
    if (!pendingChanges()) return true;
    clearErrors(discardDialog);
    openDialog(discardDialog, document.activeElement);
    return false;
  });

  requiredIn(discardDialog, '[data-discard]').addEventListener('click', () => {
    closeDialog(discardDialog);
    // The next opening reads the link again; until then the fields go back to the saved link.
    if (saved) fillFields(saved);
    unsavedNotice.textContent = '';
    closeDialog(dialog);
  });

  dialog.addEventListener('dialog-closed', () => {
    if (window.location.hash === '#invite-link') history.replaceState(null, '', window.location.pathname + window.location.search);
  });

  roleSelect.addEventListener('change', () => {
    updateToggle();
    updateNotice();
  });
  toggle.addEventListener('change', updateNotice);
  verification.addEventListener('change', () => {
    updateVerification();
    updateNotice();
  });
  microsoftTenants?.addEventListener('input', () => {
    updateMicrosoftAdvice();
    updateNotice();
  });

  domains.addEventListener('input', () => {
    updateMicrosoftAdvice();
    updateVerification();
    updateNotice();
    const box = requiredIn(dialog, '[data-error-for="invite-link-domains"]');
    const count = countDomains(domains.value);
    if (count > MAX_ALLOWED_DOMAINS) {
      box.textContent = `${count} domains: at most ${MAX_ALLOWED_DOMAINS} are allowed per tenant.`;
      box.hidden = false;
      domains.setAttribute('aria-invalid', 'true');
    } else if ((box.textContent ?? '').includes(`at most ${MAX_ALLOWED_DOMAINS}`)) {
      box.textContent = '';
      box.hidden = true;
      domains.removeAttribute('aria-invalid');
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!saved || readOnly()) return;
    clearErrors(dialog);
    const payload: InviteLinkBody = { allowedDomains: domains.value };
    if (microsoftTenants) payload.allowedMicrosoftTenantIds = microsoftTenants.value;
    if (roleSelect.value) payload.defaultRoleId = roleSelect.value;
    if (!toggle.disabled) payload.enabled = toggle.checked;
    if (!verification.disabled) payload.requireEmailVerification = verification.checked;
    busy(saveButton, true);
    setDialogStatus('Saving…');
    const wasEnabled = Boolean(saved.enabled);
    apiRequest<InviteLink>('PUT', api, payload)
      .then((value) => {
        markNewLink(false);
        fillFields(value);
        showSaved(value);
        setDialogStatus(savedMessage(wasEnabled, Boolean(value.enabled)), 'success');
      })
      .catch((error: unknown) => {
        if (saved) setDialogStatus(savedStateMessage(saved));
        showErrors(dialog, asRefusal(error), LINK_FIELDS);
      })
      .then(() => busy(saveButton, false));
  });

  // ---- Copy ------------------------------------------------------------------------------

  function resetCopyButton(): void {
    window.clearTimeout(copyTimer);
    copyButton.textContent = 'Copy';
  }

  const copied = (ok: boolean): void => {
    // One confirmation: the button says it (the tick is decoration), the live region tells
    // screen readers; only a failure needs words on screen.
    copyStatus.classList.toggle('visually-hidden', ok);
    copyStatus.classList.toggle('copy-failed', !ok);
    copyStatus.textContent = ok ? 'Copied' : 'Could not copy automatically: the link is selected, press Ctrl+C (or Cmd+C) to copy it.';
    if (!ok) return;
    copyButton.textContent = 'Copied ';
    const tick = document.createElement('span');
    tick.setAttribute('aria-hidden', 'true');
    tick.textContent = '✓';
    copyButton.appendChild(tick);
    window.clearTimeout(copyTimer);
    copyTimer = window.setTimeout(() => {
      copyButton.textContent = 'Copy';
      copyStatus.textContent = '';
    }, 4000);
  };

  // Without the Clipboard API (plain http, older browsers) the link is selected and copied the old way.
  const copyBySelection = (): void => {
    urlInput.focus();
    urlInput.select();
    let ok: boolean;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    copied(ok);
  };

  copyButton.addEventListener('click', () => {
    copyStatus.textContent = '';
    const text = urlInput.value;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(() => copied(true), copyBySelection);
    } else {
      copyBySelection();
    }
  });

  // ---- Revoke & Generate New Link --------------------------------------------------------

  requiredIn(dialog, '[data-open-revoke]').addEventListener('click', (event) => {
    clearErrors(revokeDialog);
    openDialog(revokeDialog, event.currentTarget as Element);
  });

  requiredIn<HTMLButtonElement>(revokeDialog, '[data-confirm-revoke]').addEventListener('click', (event) => {
    const button = event.currentTarget as HTMLButtonElement;
    clearErrors(revokeDialog);
    busy(button, true);
    apiRequest<InviteLink>('POST', `${api}/regenerate`)
      .then((value) => {
        hasToken = true;
        // The admin's unsaved edits stay as they are: only the link changed.
        showSaved(value);
        markNewLink(Boolean(value.url));
        setDialogStatus('A new link was generated. The old link no longer works.', 'success');
        // Once the confirmation has given the focus back to its opener, the new link takes it.
        if (value.url) revokeDialog.addEventListener('dialog-closed', () => urlInput.focus(), { once: true });
        closeDialog(revokeDialog);
      })
      .catch((error: unknown) => showErrors(revokeDialog, asRefusal(error), {}))
      .then(() => busy(button, false));
  });

  return openInviteLink;
}
