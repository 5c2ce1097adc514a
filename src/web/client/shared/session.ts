/**
 * What the admin pages do when the API answers 401 to one of their calls: the session cookie has
 * expired or is gone, or the page's CSRF token is older than the server accepts (the AuthGuard
 * then ignores the cookie and answers 401 too, never 403). Either way signing in again is the
 * fix, so the page says so once, with a link that brings the person back to this very page.
 */

/** The sentence of the notice; the API helper gives the same words to whoever caught the error. */
export const SESSION_EXPIRED_MESSAGE = 'Your session has expired. Sign in again.';

/** Fired on window by the API helper (api.ts) on every 401. */
export const SESSION_EXPIRED_EVENT = 'session-expired';

/** Marks an error box that shows the notice, so later failures of the same calls keep it. */
const MARK = 'sessionExpired';

/** /sign-in with `next` = this page's path and query (the server accepts only paths of this site). */
export function signInAgainHref(location: { readonly pathname: string; readonly search: string }): string {
  return `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`;
}

/** Whether the box already shows the notice (a later error must not replace it). */
export function showsSessionExpired(box: HTMLElement): boolean {
  return box.dataset[MARK] === 'true';
}

/**
 * Shows the notice in the page's error box and moves the focus there. Any open dialog is closed
 * first: nothing in it can be saved any more, and a modal dialog would hide the notice.
 */
export function showSessionExpired(box: HTMLElement): void {
  const dialogs = Array.from(document.querySelectorAll<HTMLDialogElement>('dialog[open]'));
  if (!showsSessionExpired(box)) {
    box.textContent = '';
    const line = document.createElement('p');
    line.appendChild(document.createTextNode('Your session has expired. '));
    const link = document.createElement('a');
    link.href = signInAgainHref(window.location);
    link.textContent = 'Sign in again';
    line.appendChild(link);
    box.appendChild(line);
    box.dataset[MARK] = 'true';
  }
  box.hidden = false;
  if (!dialogs.length) {
    box.focus();
    return;
  }
  // A dialog gives the focus back to its opener once it has closed (the `close` event comes
  // later, as a task): the notice takes it after that.
  dialogs[0].addEventListener('close', () => box.focus(), { once: true });
  dialogs.reverse().forEach((dialog) => dialog.close());
}

/** Shows the notice in `box` whenever a call of this page answers 401. */
export function watchSessionExpiry(box: HTMLElement): void {
  window.addEventListener(SESSION_EXPIRED_EVENT, () => showSessionExpired(box));
}
