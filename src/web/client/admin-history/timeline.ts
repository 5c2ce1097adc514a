import { getJson } from '../shared/api';
import { el } from '../shared/dom';
import { Actor, describeChange, HistoryItem } from './describe-change';
import { ACTORS, wordOf } from './history-texts';
import type { NameBook } from './names';
import { timeElement } from './time';

/** One page of GET /api/v1/tenants/:id/invite-link/history. */
export interface HistoryPage {
  readonly items?: readonly HistoryItem[];
  readonly nextCursor?: string | null;
}

/** Changes per page: a long history loads a page at a time, newest first. */
export const PAGE_SIZE = 50;

/** "By Ada Admin <ada@example.com> (MSP admin, <id>)"; "By Operator"; "By System". */
function actorLine(item: HistoryItem): HTMLElement {
  const who: Actor = item.actor ?? { type: 'system' };
  const line = el('p', null, 'event-who');
  line.appendChild(document.createTextNode('By '));
  const word = wordOf(ACTORS, who.type);
  if (item.actorName) {
    line.appendChild(el('span', item.actorName, 'actor-name'));
    if (who.id) {
      // People: what they were (admin, new user…) and their id, which names alone do not make unique.
      line.appendChild(document.createTextNode(` (${word ?? who.type}, `));
      line.appendChild(el('code', who.id, 'actor-id'));
      line.appendChild(document.createTextNode(')'));
    }
    return line;
  }
  // An answer without names (not expected from this service): the type and id as recorded.
  line.appendChild(el('span', who.type, 'actor-type'));
  if (who.id) {
    line.appendChild(document.createTextNode(' '));
    line.appendChild(el('code', who.id, 'actor-id'));
  }
  if (word) line.appendChild(document.createTextNode(` (${word})`));
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
  // Focus lands here when "Show older changes" adds entries.
  what.tabIndex = -1;
  li.appendChild(what);
  if (described.detail) li.appendChild(el('p', described.detail, 'event-detail'));
  li.appendChild(actorLine(item));
  const button = el('button', 'Show the link after this change', 'secondary small');
  button.type = 'button';
  button.setAttribute('data-at', item.at);
  button.setAttribute('aria-describedby', what.id);
  li.appendChild(button);
  return li;
}

const plural = (n: number): string => `${n}${n === 1 ? ' change' : ' changes'}`;

/** The line under the filter: how many changes are shown, and whether older ones are left to load. */
export function countText(shown: number, more: boolean, filtered: boolean): string {
  const ofType = filtered ? ' of this type' : '';
  if (!shown && !more) return filtered ? 'No changes of this type.' : 'No changes yet: the invite link has never been configured.';
  if (!more) return `Showing all ${plural(shown)}${ofType}, newest first.`;
  return `Showing the newest ${plural(shown)}${ofType}. Older changes load with "Show older changes".`;
}

/**
 * The timeline, newest first, read a page at a time from the API (`order=desc`, `nextCursor`).
 * The filter asks the API for one type (`type=`) and the address remembers it (?type=…); each
 * entry's button asks for the link's state right after that change.
 */
export class Timeline {
  private readonly list = document.getElementById('timeline') as HTMLOListElement;
  private readonly filter = document.getElementById('history-filter') as HTMLSelectElement;
  private readonly count = document.getElementById('timeline-count') as HTMLElement;
  private readonly more = document.getElementById('history-more') as HTMLButtonElement;
  private cursor: string | null = null;
  private shown = 0;
  /** Answers to superseded requests (an older filter) are dropped. */
  private latest = 0;

  constructor(
    private readonly historyApi: string,
    private readonly names: NameBook,
    private readonly onError: (error: unknown) => void,
  ) {
    const wanted = new URLSearchParams(window.location.search).get('type');
    if (wanted && Array.from(this.filter.options).some((option) => option.value === wanted)) this.filter.value = wanted;
    this.filter.addEventListener('change', () => {
      this.rememberFilter();
      this.load(true).catch(onError);
    });
    this.more.addEventListener('click', () => {
      this.load(false).catch(onError);
    });
  }

  /**
   * Reads a page: the first one of the filter (`fresh`) or the one after the last shown. Entries
   * are drawn once `ready` settles (the role names the descriptions use).
   */
  async load(fresh: boolean, ready: Promise<unknown> = Promise.resolve()): Promise<void> {
    const ticket = ++this.latest;
    const query = new URLSearchParams({ order: 'desc', limit: String(PAGE_SIZE) });
    if (this.filter.value !== 'all') query.set('type', this.filter.value);
    if (!fresh && this.cursor) query.set('cursor', this.cursor);
    this.list.setAttribute('aria-busy', 'true');
    this.more.disabled = true;
    try {
      const page = await getJson<HistoryPage | null>(`${this.historyApi}?${query.toString()}`);
      await ready;
      if (ticket !== this.latest) return;
      if (fresh) {
        this.list.textContent = '';
        this.shown = 0;
      }
      const items = page?.items ?? [];
      this.names.addActors(items);
      const first = this.shown;
      items.forEach((item, i) => this.list.appendChild(entry(item, first + i, this.names)));
      this.shown += items.length;
      this.cursor = page?.nextCursor || null;
      this.more.hidden = !this.cursor;
      this.count.textContent = countText(this.shown, Boolean(this.cursor), this.filter.value !== 'all');
      if (!fresh && items.length) document.getElementById(`event-${first}`)?.focus();
    } finally {
      if (ticket === this.latest) {
        this.list.removeAttribute('aria-busy');
        this.more.disabled = false;
      }
    }
  }

  private rememberFilter(): void {
    const params = new URLSearchParams(window.location.search);
    if (this.filter.value === 'all') params.delete('type');
    else params.set('type', this.filter.value);
    const query = params.toString();
    window.history.replaceState(null, '', window.location.pathname + (query ? `?${query}` : ''));
  }
}
