import { getJson } from '../shared/api';
import { el } from '../shared/dom';
import { Actor, describeSave, HistoryItem } from './describe-change';
import { ACTORS, wordOf } from './history-texts';
import type { NameBook } from './names';
import { addToSaves, Save } from './saves';
import { timeElement } from './time';

/** One page of GET /api/v1/tenants/:id/invite-link/history. */
export interface HistoryPage {
  readonly items?: readonly HistoryItem[];
  readonly nextCursor?: string | null;
}

/** Changes per page: a long history loads a page at a time, newest first. */
export const PAGE_SIZE = 50;

/** "First Last <email>" as the API names people; null for "Operator", "System" and the like. */
export function personOf(actorName: string | null | undefined): { name: string; email: string } | null {
  const match = /^(.*\S)\s*<([^<>]+)>$/.exec(actorName ?? '');
  return match ? { name: match[1], email: match[2] } : null;
}

/**
 * "By Ada Admin · ada@example.com · MSP admin"; "By Operator"; "By System". The account id, which
 * a name alone does not make unique, stays available to auditors as the line's data-actor-id
 * and as the name's tooltip, without crowding the text.
 */
function actorLine(item: HistoryItem): HTMLElement {
  const who: Actor = item.actor ?? { type: 'system' };
  const line = el('p', null, 'event-who');
  line.setAttribute('data-actor-type', who.type);
  if (who.id) line.setAttribute('data-actor-id', who.id);
  line.appendChild(document.createTextNode('By '));
  const word = wordOf(ACTORS, who.type) ?? who.type;
  const person = personOf(item.actorName);
  if (person) {
    const name = el('span', person.name, 'actor-name');
    if (who.id) name.title = `Account id ${who.id}`;
    line.appendChild(name);
    line.appendChild(document.createTextNode(' · '));
    line.appendChild(el('span', person.email, 'actor-email'));
    line.appendChild(document.createTextNode(' · '));
    line.appendChild(el('span', word, 'actor-role'));
    return line;
  }
  // "Operator", "System", or (not expected from this service) no name at all: the role word.
  line.appendChild(el('span', item.actorName || word, 'actor-name'));
  return line;
}

/** One save: its time (the newest event's), its changes in one sentence, who, and the quiet link. */
function entry(save: Save, index: number, names: NameBook): HTMLLIElement {
  const newest = save[0];
  const described = describeSave(save, names);
  const li = el('li', null, 'event');
  // The dot's colour follows the state the save ended in.
  li.setAttribute('data-type', newest.type);
  li.setAttribute('data-types', save.map((item) => item.type).join(' '));
  if (newest.correlationId) li.setAttribute('data-correlation-id', newest.correlationId);
  const ids = save.flatMap((item) => (item.id ? [item.id] : []));
  if (ids.length) li.setAttribute('data-event-ids', ids.join(' '));
  const when = el('p', null, 'event-when');
  when.appendChild(timeElement(newest.at));
  when.appendChild(el('span', newest.at, 'event-iso'));
  li.appendChild(when);
  const what = el('p', described.what, 'event-what');
  what.id = `event-${index}`;
  // Focus lands here when "Show older changes" adds entries.
  what.tabIndex = -1;
  li.appendChild(what);
  for (const detail of described.details) li.appendChild(el('p', detail, 'event-detail'));
  li.appendChild(actorLine(newest));
  const button = el('button', 'Show the link after this change', 'link-button');
  button.type = 'button';
  button.setAttribute('data-at', newest.at);
  button.setAttribute('aria-describedby', what.id);
  li.appendChild(button);
  return li;
}

const plural = (n: number): string => `${n}${n === 1 ? ' change' : ' changes'}`;

/** The line under the filter: how many changes (saves) are shown, and whether older ones are left to load. */
export function countText(shown: number, more: boolean, filtered: boolean): string {
  const ofType = filtered ? ' of this type' : '';
  if (!shown && !more) return filtered ? 'No changes of this type.' : 'No changes yet: the invite link has never been configured.';
  if (!more) return `Showing all ${plural(shown)}${ofType}, newest first.`;
  return `Showing the newest ${plural(shown)}${ofType}. Older changes load with "Show older changes".`;
}

/**
 * The timeline, newest first, read a page at a time from the API (`order=desc`, `nextCursor`).
 * Events of one save form one entry, across pages too. The filter asks the API for one type
 * (`type=`) and the address remembers it (?type=…); each entry's button asks for the link's
 * state right after that save.
 */
export class Timeline {
  private readonly list = document.getElementById('timeline') as HTMLOListElement;
  private readonly filter = document.getElementById('history-filter') as HTMLSelectElement;
  private readonly count = document.getElementById('timeline-count') as HTMLElement;
  private readonly more = document.getElementById('history-more') as HTMLButtonElement;
  private cursor: string | null = null;
  /** The saves shown, in the order of the list's entries. */
  private saves: Save[] = [];
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
        this.saves = [];
      }
      const items = page?.items ?? [];
      this.names.addActors(items);
      const before = this.saves.length;
      const grewLast = addToSaves(this.saves, items);
      // The page began with the rest of the last save shown: that entry is drawn again, whole.
      if (grewLast) this.list.lastElementChild?.replaceWith(entry(this.saves[before - 1], before - 1, this.names));
      for (let i = before; i < this.saves.length; i++) this.list.appendChild(entry(this.saves[i], i, this.names));
      this.cursor = page?.nextCursor || null;
      this.more.hidden = !this.cursor;
      this.count.textContent = countText(this.saves.length, Boolean(this.cursor), this.filter.value !== 'all');
      if (!fresh) {
        const next = this.saves.length > before ? before : grewLast ? before - 1 : null;
        if (next !== null) document.getElementById(`event-${next}`)?.focus();
      }
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
