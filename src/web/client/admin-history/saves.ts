import type { HistoryItem } from './describe-change';

/**
 * The history lists events; a person thinks in saves. One Save in the Invite Link dialog writes
 * several events in one request (role, domains, switch), all with that request's correlationId:
 * the timeline shows them as one entry. A save is the run of consecutive events with the same
 * correlationId and the same actor.
 */
export type Save = HistoryItem[];

const actorKey = (item: HistoryItem): string => `${item.actor?.type ?? 'system'}:${item.actor?.id ?? ''}`;

/** Whether two events, next to each other in the history, were written by the same save. */
export function sameSave(a: HistoryItem, b: HistoryItem): boolean {
  return Boolean(a.correlationId) && a.correlationId === b.correlationId && actorKey(a) === actorKey(b);
}

/**
 * Adds a page of events (newest first, after those already in `saves`) to the saves. A page may
 * end in the middle of a save: its first events then join the last save already there. Returns
 * whether that last save grew (its entry must be drawn again).
 */
export function addToSaves(saves: Save[], items: readonly HistoryItem[]): boolean {
  const before = saves.length;
  let grewLast = false;
  for (const item of items) {
    const last = saves[saves.length - 1];
    if (last && sameSave(last[last.length - 1], item)) {
      last.push(item);
      if (saves.length === before) grewLast = true;
    } else saves.push([item]);
  }
  return grewLast;
}
