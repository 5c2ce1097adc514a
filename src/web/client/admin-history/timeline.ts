import { el } from '../shared/dom';
import { Actor, describeChange, HistoryItem } from './describe-change';
import { ACTORS, wordOf } from './history-texts';
import type { NameBook } from './names';
import { timeElement } from './time';

function actorLine(actor: Actor | null | undefined, names: NameBook): HTMLElement {
  const who = actor ?? { type: 'system' };
  const line = el('p', null, 'event-who');
  line.appendChild(document.createTextNode('By '));
  line.appendChild(el('span', who.type, 'actor-type'));
  if (who.id) {
    line.appendChild(document.createTextNode(' '));
    line.appendChild(el('code', who.id, 'actor-id'));
  }
  const known = who.type === 'new_user' && who.id ? names.knownPerson(who.id) : undefined;
  const label = known ?? wordOf(ACTORS, who.type);
  if (label) line.appendChild(document.createTextNode(` (${label})`));
  return line;
}

function entry(item: HistoryItem, index: number, names: NameBook): HTMLLIElement {
  const described = describeChange(item, names);
  const li = el('li', null, 'event');
  li.setAttribute('data-type', item.type);
  const when = el('p', null, 'event-when');
  when.appendChild(timeElement(item.at));
  when.appendChild(el('span', item.at, 'event-iso'));
  li.appendChild(when);
  const what = el('p', described.what, 'event-what');
  what.id = `event-${index}`;
  li.appendChild(what);
  if (described.detail) li.appendChild(el('p', described.detail, 'event-detail'));
  li.appendChild(actorLine(item.actor, names));
  const button = el('button', 'Show the link after this change', 'secondary small');
  button.type = 'button';
  button.setAttribute('data-at', item.at);
  button.setAttribute('aria-describedby', what.id);
  li.appendChild(button);
  return li;
}

const plural = (n: number): string => `${n}${n === 1 ? ' change' : ' changes'}`;

/** The line under the filter: how many of the changes are shown. */
export function countText(shown: number, total: number): string {
  if (!total) return 'No changes yet: the invite link has never been configured.';
  if (!shown) return `No changes of this type (0 of ${plural(total)}).`;
  if (shown === total) return `Showing all ${plural(total)}, newest first.`;
  return `Showing ${shown} of ${plural(total)}, newest first.`;
}

/**
 * The timeline, newest first, with a filter by type that the address remembers (?type=…).
 * Each entry's button asks for the link's state right after that change.
 */
export function renderTimeline(history: { items?: readonly HistoryItem[] } | null, names: NameBook): void {
  const timeline = document.getElementById('timeline') as HTMLOListElement;
  const filter = document.getElementById('history-filter') as HTMLSelectElement;
  const count = document.getElementById('timeline-count') as HTMLElement;
  // The API lists the stream in order; reversed, the last change of one instant comes first.
  const items = (history?.items ?? []).slice().reverse();
  items.forEach((item, index) => timeline.appendChild(entry(item, index, names)));

  const applyFilter = (): void => {
    const type = filter.value;
    let shown = 0;
    for (const li of Array.from(timeline.children) as HTMLElement[]) {
      const match = type === 'all' || li.getAttribute('data-type') === type;
      li.hidden = !match;
      if (match) shown += 1;
    }
    count.textContent = countText(shown, items.length);
  };

  const rememberFilter = (): void => {
    const params = new URLSearchParams(window.location.search);
    if (filter.value === 'all') params.delete('type');
    else params.set('type', filter.value);
    const query = params.toString();
    window.history.replaceState(null, '', window.location.pathname + (query ? `?${query}` : ''));
  };

  const wanted = new URLSearchParams(window.location.search).get('type');
  if (wanted && Array.from(filter.options).some((option) => option.value === wanted)) filter.value = wanted;
  applyFilter();

  filter.addEventListener('change', () => {
    applyFilter();
    rememberFilter();
  });
}
