import { el } from '../shared/dom';
import { SESSION_EXPIRED_EVENT, showsSessionExpired, watchSessionExpiry } from '../shared/session';

/** The page's status line and its error box (both in the page shell; either may be absent). */
export interface PageStatus {
  /** Shows a short status, or hides the line when `text` is empty. */
  set(text: string): void;
  /** Replaces the status with an error the person must see (focused). */
  fail(title: string, detail?: string): void;
}

/**
 * The admin pages' status line and error box. Whenever one of the page's API calls answers 401,
 * the error box says the session has expired, with a link to sign in and come back
 * (shared/session.ts); the failure that call then reports does not replace that notice.
 */
export function pageStatus(root: HTMLElement): PageStatus {
  const status = root.querySelector<HTMLElement>('[data-page-status]');
  const errorBox = root.querySelector<HTMLElement>('[data-page-error]');

  const set = (text: string): void => {
    if (!status) return;
    status.textContent = text;
    status.hidden = !text;
  };

  if (errorBox) {
    watchSessionExpiry(errorBox);
    window.addEventListener(SESSION_EXPIRED_EVENT, () => set(''));
  }

  const fail = (title: string, detail?: string): void => {
    set('');
    if (!errorBox || showsSessionExpired(errorBox)) return;
    errorBox.textContent = '';
    errorBox.appendChild(el('h2', title));
    if (detail) errorBox.appendChild(el('p', detail));
    errorBox.hidden = false;
    errorBox.focus();
  };

  return { set, fail };
}

/** The text a failure shows (a refused call's message, or a bug's). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
