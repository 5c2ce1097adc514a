import { el } from '../shared/dom';

/** The page's status line and its error box (both in the page shell; either may be absent). */
export interface PageStatus {
  /** Shows a short status, or hides the line when `text` is empty. */
  set(text: string): void;
  /** Replaces the status with an error the person must see (focused, with a sign-in link when the session ended). */
  fail(title: string, detail?: string): void;
}

export function pageStatus(root: HTMLElement): PageStatus {
  const status = root.querySelector<HTMLElement>('[data-page-status]');
  const errorBox = root.querySelector<HTMLElement>('[data-page-error]');

  const set = (text: string): void => {
    if (!status) return;
    status.textContent = text;
    status.hidden = !text;
  };

  const fail = (title: string, detail?: string): void => {
    set('');
    if (!errorBox) return;
    errorBox.textContent = '';
    errorBox.appendChild(el('h2', title));
    if (detail) errorBox.appendChild(el('p', detail));
    if (detail && /session has ended/.test(detail)) {
      const link = el('a', 'Sign in');
      link.href = '/sign-in';
      errorBox.appendChild(link);
    }
    errorBox.hidden = false;
    errorBox.focus();
  };

  return { set, fail };
}

/** The text a failure shows (a refused call's message, or a bug's). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
