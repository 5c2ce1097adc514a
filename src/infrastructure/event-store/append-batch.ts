import { EventToAppend } from '../../shared/application/event-store.port';

/**
 * Both adapters refuse the same malformed batches up front, so they cannot drift on cases the
 * servers treat differently (an empty append has no position to report; a repeated id would
 * make the idempotency check ambiguous).
 */
export function assertAppendableBatch(streamName: string, events: readonly EventToAppend[]): void {
  if (events.length === 0) throw new Error(`Nothing to append to ${streamName}: the batch is empty`);
  const ids = new Set(events.map((event) => event.id));
  if (ids.size !== events.length) throw new Error(`The batch appended to ${streamName} repeats an event id`);
}
