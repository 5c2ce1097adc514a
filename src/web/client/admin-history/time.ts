/** Instants as the history page shows them: in the person's own time zone. */

export const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function readable(date: Date): string {
  return DATE_FORMAT.format(date);
}

const pad = (n: number): string => (n < 10 ? '0' : '') + n;

/** The value a datetime-local input shows for an instant, in local time, to the second. */
export function inputValueOf(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** A <time> showing the instant in local time, its ISO form in `datetime`. */
export function timeElement(iso: string): HTMLTimeElement {
  const node = document.createElement('time');
  node.textContent = readable(new Date(iso));
  node.setAttribute('datetime', iso);
  return node;
}
