import { fieldErrors, Refusal } from './field-errors';

/**
 * The admin pages' dialogs: native <dialog> opened with showModal() (inert background, Escape
 * closes), a focus trap for Tab/Shift+Tab, and focus returned to the control that opened them.
 * Each dialog fires `dialog-closed` once it has closed and given focus back. A dialog marked
 * `data-backdrop-close` also closes on a click on its backdrop. A dialog with a close guard
 * (guardClose) asks it first, whichever way the person tries to close it.
 */

const open: HTMLDialogElement[] = [];
const openers = new WeakMap<HTMLDialogElement, Element | null>();
/** Returns false when the dialog must stay open (the guard then says why, e.g. with a confirmation). */
type CloseGuard = () => boolean;
const guards = new WeakMap<HTMLDialogElement, CloseGuard>();

/** Makes every way of closing the dialog (its close buttons, Escape, the backdrop) ask `guard` first. */
export function guardClose(dialog: HTMLDialogElement, guard: CloseGuard): void {
  guards.set(dialog, guard);
}

/** Closes the dialog unless its guard keeps it open. */
function requestClose(dialog: HTMLDialogElement): void {
  const guard = guards.get(dialog);
  if (!guard || guard()) closeDialog(dialog);
}

type Focusable = HTMLElement & { disabled?: boolean };

function focusables(container: HTMLElement): Focusable[] {
  const all = container.querySelectorAll<Focusable>('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
  return Array.from(all).filter(
    (node) => !node.disabled && !node.closest('[hidden]') && node.getClientRects().length > 0 && getComputedStyle(node).visibility !== 'hidden',
  );
}

export function openDialog(dialog: HTMLDialogElement, opener?: Element | null): void {
  if (dialog.open) return;
  openers.set(dialog, opener || document.activeElement);
  dialog.showModal();
  open.push(dialog);
  focusFirst(dialog);
}

/** Focuses the dialog's [autofocus] control, or else its first control that can take the focus. */
export function focusFirst(dialog: HTMLDialogElement): void {
  let first = dialog.querySelector<Focusable>('[autofocus]');
  if (!first || first.disabled) first = focusables(dialog)[0] ?? null;
  if (first) first.focus();
}

export function closeDialog(dialog: HTMLDialogElement): void {
  if (dialog.open) dialog.close();
}

/** Wires every dialog of the page: its close buttons, focus return, and the focus trap. */
export function setUpDialogs(): void {
  document.querySelectorAll('dialog').forEach((dialog) => {
    dialog.addEventListener('close', () => {
      const index = open.indexOf(dialog);
      if (index >= 0) open.splice(index, 1);
      const opener = openers.get(dialog) as (Element & { focus?: () => void }) | null | undefined;
      openers.delete(dialog);
      if (opener && typeof opener.focus === 'function' && document.contains(opener)) opener.focus();
      dialog.dispatchEvent(new CustomEvent('dialog-closed'));
    });
    dialog.querySelectorAll('[data-close-dialog]').forEach((button) => {
      button.addEventListener('click', () => requestClose(dialog));
    });
    // Escape is caught on keydown rather than only on "cancel": Chromium lets a page cancel that
    // event only once per user activation, and a guard must be able to say no every time.
    dialog.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !guards.has(dialog)) return;
      event.preventDefault();
      requestClose(dialog);
    });
    dialog.addEventListener('cancel', (event) => {
      const guard = guards.get(dialog);
      if (guard && !guard()) event.preventDefault();
    });
    if (dialog.hasAttribute('data-backdrop-close')) {
      dialog.addEventListener('click', (event) => {
        // A click on the backdrop lands on the <dialog> itself, outside its box.
        if (event.target !== dialog) return;
        const box = dialog.getBoundingClientRect();
        const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
        if (!inside) requestClose(dialog);
      });
    }
  });

  // Tab and Shift+Tab stay inside the top dialog (showModal makes the page inert, but Tab
  // would still reach the browser's own controls).
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab' || !open.length) return;
    const dialog = open[open.length - 1];
    const items = focusables(dialog);
    if (!items.length) {
      event.preventDefault();
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !dialog.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  });
}

/** Empties every error box of the dialog and clears aria-invalid on the controls they describe. */
export function clearErrors(container: HTMLElement): void {
  container.querySelectorAll<HTMLElement>('[data-error-for]').forEach((box) => {
    box.textContent = '';
    box.hidden = true;
    const control = document.getElementById(box.getAttribute('data-error-for') ?? '');
    if (control) control.removeAttribute('aria-invalid');
  });
  container.querySelectorAll<HTMLElement>('[data-dialog-error]').forEach((box) => {
    box.textContent = '';
    box.hidden = true;
  });
}

/** Control ids by API field name. */
export type FieldIds = Readonly<Record<string, string>>;

/** Shows each message next to the control it names (ids in fieldIds), the rest at the top. */
export function showErrors(container: HTMLElement, error: Refusal, fieldIds: FieldIds): void {
  const general: string[] = [];
  let firstInvalid: Focusable | null = null;
  for (const item of fieldErrors(error)) {
    const id = item.field !== null && Object.prototype.hasOwnProperty.call(fieldIds, item.field) ? fieldIds[item.field] : null;
    const box = id ? container.querySelector<HTMLElement>(`[data-error-for="${id}"]`) : null;
    if (!id || !box) {
      general.push(item.message);
      continue;
    }
    box.textContent = box.textContent ? `${box.textContent} ${item.message}` : item.message;
    box.hidden = false;
    const control = document.getElementById(id) as Focusable | null;
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      if (!firstInvalid) firstInvalid = control;
    }
  }
  const summary = container.querySelector<HTMLElement>('[data-dialog-error]');
  if (general.length && summary) {
    summary.textContent = general.join(' ');
    summary.hidden = false;
  }
  if (firstInvalid && !firstInvalid.disabled) firstInvalid.focus();
}

/** Marks a button as working (disabled, aria-busy) while its request runs. */
export function busy(button: HTMLButtonElement, on: boolean): void {
  button.disabled = on;
  button.setAttribute('aria-busy', on ? 'true' : 'false');
}
