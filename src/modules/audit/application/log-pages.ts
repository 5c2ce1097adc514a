import { EventStore, RecordedEvent } from '../../../shared/application/event-store.port';

/**
 * The log's events in global order, a page at a time, up to `upTo`: the head read when the walk
 * started, so that an export or a verification ends even while the service keeps appending.
 */
export async function* pagesUpTo(
  store: Pick<EventStore, 'readAll'>,
  upTo: number | undefined,
  pageSize = 1000,
): AsyncGenerator<RecordedEvent[]> {
  if (upTo === undefined) return;
  let after: number | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) return;
    const within = page.filter((event) => event.position <= upTo);
    yield within;
    if (within.length < page.length || page[page.length - 1].position === upTo) return;
    after = page[page.length - 1].position;
  }
}
