import { ApiError, getJson } from '../shared/api';
import { el } from '../shared/dom';
import { loadProblem } from './history-texts';
import type { NameBook } from './names';
import { inputValueOf, timeElement } from './time';

export interface LinkAt {
  readonly enabled?: boolean;
  readonly defaultRoleId?: string | null;
  readonly allowedDomains?: readonly string[];
  readonly allowedMicrosoftTenantIds?: readonly string[];
  readonly requireEmailVerification?: boolean;
  readonly available?: boolean;
  readonly unavailableReason?: string | null;
}

/** Why the picker's value cannot be asked for, or null when it can (`now` in ms, for tests). */
export function pickerProblem(value: string, badInput: boolean, now = Date.now()): string | null {
  if (!value) return badInput ? 'Enter a complete date and time: day, month, year, hours and minutes.' : 'Enter a date and time.';
  // A datetime-local value has no offset: ECMAScript reads it as local time.
  const date = new Date(value);
  if (isNaN(date.getTime())) return 'Enter a valid date and time.';
  if (date.getTime() > now) return 'Pick an instant in the past: the history cannot show the future.';
  return null;
}

/**
 * "Available" in words: whether the tenant let anyone join through the link then, and why (the
 * hint under the facts says what the word means).
 */
export function availableText(link: Pick<LinkAt, 'available' | 'unavailableReason'>): string {
  if (link.available) return 'Yes: the tenant allows invite links (no SSO, not canceled)';
  // The API's reason reads "Not available - SSO is configured for this tenant."
  const reason = (link.unavailableReason ?? '').replace(/^Not available\s*-\s*/i, '');
  return `No: ${reason || 'the tenant does not allow invite links'}`;
}

/** Email verification in words; null for an answer without the field (nothing to say then). */
export function emailVerificationText(link: Pick<LinkAt, 'requireEmailVerification'>): string | null {
  if (typeof link.requireEmailVerification !== 'boolean') return null;
  return link.requireEmailVerification ? 'Required for password signups' : 'Not required';
}

/**
 * "The link at a past instant": a datetime-local picker, and each timeline entry's button, ask
 * GET /api/v1/tenants/:id/invite-link?at=… and show the answer as a list of facts.
 */
export function setUpStateAt(tenantApi: string, names: NameBook): void {
  const form = document.getElementById('state-at-form') as HTMLFormElement;
  const input = document.getElementById('state-at-input') as HTMLInputElement;
  const atError = document.getElementById('state-at-error') as HTMLElement;
  const result = document.getElementById('state-at-result') as HTMLElement;
  const resultTitle = document.getElementById('state-at-result-title') as HTMLElement;
  const facts = document.getElementById('state-at-facts') as HTMLElement;
  const timeline = document.getElementById('timeline') as HTMLElement;

  const showAtError = (message: string): void => {
    atError.textContent = message;
    atError.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    result.hidden = true;
    input.focus();
  };

  const clearAtError = (): void => {
    atError.textContent = '';
    atError.hidden = true;
    input.removeAttribute('aria-invalid');
  };

  const fact = (term: string, value: string): void => {
    facts.appendChild(el('dt', term));
    const dd = el('dd', value);
    dd.setAttribute('data-fact', term);
    facts.appendChild(dd);
  };

  const listOr = (values: readonly string[] | undefined, none: string): string => (values && values.length ? values.join(', ') : none);

  const showStateAt = (iso: string): void => {
    clearAtError();
    result.setAttribute('aria-busy', 'true');
    getJson<LinkAt>(`${tenantApi}/invite-link?at=${encodeURIComponent(iso)}`).then(
      (link) => {
        result.removeAttribute('aria-busy');
        resultTitle.textContent = '';
        resultTitle.appendChild(document.createTextNode('The link at '));
        resultTitle.appendChild(timeElement(iso));
        resultTitle.appendChild(el('span', iso, 'event-iso'));
        facts.textContent = '';
        fact('Link', link.enabled ? 'Enabled' : 'Disabled');
        fact('Default role', link.defaultRoleId ? names.role(link.defaultRoleId) : 'None chosen');
        fact('Allowed domains', listOr(link.allowedDomains, 'Any email domain'));
        if (Array.isArray(link.allowedMicrosoftTenantIds)) {
          fact('Allowed Microsoft tenants', listOr(link.allowedMicrosoftTenantIds, 'Any Microsoft tenant'));
        }
        const verification = emailVerificationText(link);
        if (verification) fact('Email verification', verification);
        fact('Available', availableText(link));
        result.hidden = false;
        resultTitle.focus();
      },
      (error: unknown) => {
        result.removeAttribute('aria-busy');
        const status = error instanceof ApiError ? error.status : null;
        if (status === 404) showAtError('The tenant did not exist yet at that instant. Pick a later one.');
        else if (status === 400) {
          const said = (error as ApiError).serverMessage;
          showAtError(`The server did not accept that instant${said ? `: ${said}` : '.'}`);
        } else showAtError(loadProblem(status));
      },
    );
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const problem = pickerProblem(input.value, Boolean(input.validity?.badInput));
    if (problem) showAtError(problem);
    else showStateAt(new Date(input.value).toISOString());
  });

  timeline.addEventListener('click', (event) => {
    const target = event.target as Element | null;
    const button = target?.closest?.('button[data-at]');
    if (!button) return;
    const at = button.getAttribute('data-at') ?? '';
    input.value = inputValueOf(new Date(at));
    showStateAt(at);
  });
}
