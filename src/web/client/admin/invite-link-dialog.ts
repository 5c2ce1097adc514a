import { apiRequest, getJson } from '../shared/api';
import { enc, required, requiredIn } from '../shared/dom';
import type { InviteLink } from './api-types';
import { busy, clearErrors, closeDialog, FieldIds, openDialog, showErrors } from './dialogs';
import { countDomains, MAX_ALLOWED_DOMAINS } from './domain-list';
import { asRefusal } from './field-errors';

/** The dialog's controls by the API's field names. */
const LINK_FIELDS: FieldIds = {
  enabled: 'invite-link-enabled',
  defaultRoleId: 'invite-link-role',
  allowedDomains: 'invite-link-domains',
  allowedMicrosoftTenantIds: 'invite-link-microsoft-tenants',
};

const MICROSOFT_ADVICE =
  'Recommended: email domains are set, so also list the Microsoft organizations that own them. ' +
  'Without this list, a Microsoft account from any organization is accepted when Microsoft reports its address at these domains as verified.';

export interface InviteLinkBody {
  allowedDomains: string;
  allowedMicrosoftTenantIds?: string;
  defaultRoleId?: string;
  enabled?: boolean;
}

/** What the dialog says once a save went through, from the link before and after. */
export function savedMessage(wasEnabled: boolean, nowEnabled: boolean): string {
  if (nowEnabled && !wasEnabled) return 'Saved. Automatic Account Creation is on: copy the link below.';
  if (!nowEnabled && wasEnabled) return 'Saved. Automatic Account Creation is off: the link no longer works.';
  return 'Saved.';
}

/**
 * The Invite Link dialog (GET and PUT /api/v1/tenants/:id/invite-link): the Automatic Account
 * Creation switch, default role, allowed email domains and, when Microsoft sign-in is configured,
 * allowed Microsoft organizations; the link itself with Copy; and Revoke & Generate New Link
 * behind its own confirmation dialog. Returns the function that opens it.
 */
export function setUpInviteLinkDialog(tenantId: string, onLink: (link: InviteLink) => void = () => undefined): (opener: Element | null) => void {
  const api = `/api/v1/tenants/${enc(tenantId)}/invite-link`;
  const dialog = required<HTMLDialogElement>('invite-link-dialog');
  const form = requiredIn<HTMLFormElement>(dialog, 'form');
  const toggle = required<HTMLInputElement>('invite-link-enabled');
  const toggleHint = required('invite-link-enabled-hint');
  const unavailable = required('invite-link-unavailable');
  const roleSelect = required<HTMLSelectElement>('invite-link-role');
  const domains = required<HTMLTextAreaElement>('invite-link-domains');
  const linkSection = requiredIn(dialog, '[data-link-section]');
  const urlInput = required<HTMLInputElement>('invite-link-url');
  const copyButton = requiredIn<HTMLButtonElement>(dialog, '[data-copy]');
  const copyStatus = requiredIn(dialog, '[data-copy-status]');
  const dialogStatus = requiredIn(dialog, '[data-dialog-status]');
  const saveButton = requiredIn<HTMLButtonElement>(dialog, '[data-save]');
  const revokeDialog = required<HTMLDialogElement>('revoke-dialog');
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
  let link: InviteLink | null = null;

  const setDialogStatus = (text: string): void => {
    dialogStatus.textContent = text;
  };

  const updateToggle = (): void => {
    const available = Boolean(link && link.available);
    const hasRole = roleSelect.value !== '';
    toggle.disabled = !available || !hasRole;
    if (!available) toggle.checked = false;
    toggle.closest('.switch-field')?.classList.toggle('is-disabled', toggle.disabled);
    toggleHint.hidden = !available;
    toggleHint.textContent = hasRole
      ? 'When on, anyone with the link can create an account in this tenant.'
      : 'Choose a default role before turning it on.';
    unavailable.hidden = available || !link;
    unavailable.textContent = link && !available ? link.unavailableReason || 'Not available for this tenant.' : '';
  };

  const updateMicrosoftAdvice = (): void => {
    if (!microsoftAdvice || !microsoftTenants) return;
    microsoftAdvice.hidden = !(countDomains(domains.value) > 0 && microsoftTenants.value.trim() === '');
  };

  const showLink = (value: InviteLink): void => {
    link = value;
    // The usage panel shows the link's state too: it follows every answer the dialog gets.
    onLink(value);
    toggle.checked = Boolean(value.enabled);
    roleSelect.value = value.defaultRoleId || '';
    // A role, once chosen, can be changed but not unset.
    const placeholder = roleSelect.querySelector<HTMLOptionElement>('option[value=""]');
    if (placeholder) placeholder.disabled = Boolean(value.defaultRoleId);
    domains.value = (value.allowedDomains ?? []).join('\n');
    if (microsoftTenants) microsoftTenants.value = (value.allowedMicrosoftTenantIds ?? []).join('\n');
    updateToggle();
    updateMicrosoftAdvice();
    urlInput.value = value.url || '';
    linkSection.hidden = !value.url;
    copyStatus.textContent = '';
    copyButton.textContent = 'Copy';
  };

  const openInviteLink = (opener: Element | null): void => {
    clearErrors(dialog);
    setDialogStatus('Loading the invite link…');
    form.setAttribute('aria-busy', 'true');
    openDialog(dialog, opener);
    getJson<InviteLink>(api)
      .then((value) => {
        showLink(value);
        setDialogStatus(value.enabled ? 'Automatic Account Creation is on.' : 'Automatic Account Creation is off.');
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

  dialog.addEventListener('dialog-closed', () => {
    if (window.location.hash === '#invite-link') history.replaceState(null, '', window.location.pathname + window.location.search);
  });

  roleSelect.addEventListener('change', updateToggle);
  microsoftTenants?.addEventListener('input', updateMicrosoftAdvice);

  domains.addEventListener('input', () => {
    updateMicrosoftAdvice();
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
    if (!link) return;
    clearErrors(dialog);
    const body: InviteLinkBody = { allowedDomains: domains.value };
    if (microsoftTenants) body.allowedMicrosoftTenantIds = microsoftTenants.value;
    if (roleSelect.value) body.defaultRoleId = roleSelect.value;
    if (!toggle.disabled) body.enabled = toggle.checked;
    busy(saveButton, true);
    setDialogStatus('Saving…');
    apiRequest<InviteLink>('PUT', api, body)
      .then((value) => {
        const wasEnabled = Boolean(link?.enabled);
        showLink(value);
        setDialogStatus(savedMessage(wasEnabled, Boolean(value.enabled)));
      })
      .catch((error: unknown) => {
        setDialogStatus('');
        showErrors(dialog, asRefusal(error), LINK_FIELDS);
      })
      .then(() => busy(saveButton, false));
  });

  // ---- Copy ------------------------------------------------------------------------------

  const copied = (ok: boolean): void => {
    copyStatus.textContent = ok ? 'Copied' : 'Could not copy automatically: the link is selected, press Ctrl+C (or Cmd+C) to copy it.';
    copyButton.textContent = ok ? 'Copied' : 'Copy';
    if (ok) window.setTimeout(() => (copyButton.textContent = 'Copy'), 4000);
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
        showLink(value);
        closeDialog(revokeDialog);
        setDialogStatus('A new link was generated. The old link no longer works.');
      })
      .catch((error: unknown) => showErrors(revokeDialog, asRefusal(error), {}))
      .then(() => busy(button, false));
  });

  return openInviteLink;
}
