/**
 * B5's reference, in a process of its own like the rebuild CLI: a raw sequential read of the
 * whole embedded event store through the adapter (readAll pages of the rebuild's batch size,
 * rows parsed into RecordedEvents), nothing written anywhere.
 * Prints `{"events":n,"seconds":s}` on stdout; the seconds exclude process start-up.
 */
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';

async function main(): Promise<void> {
  const file = process.argv[2];
  const pageSize = Number(process.argv[3] ?? 1000);
  const started = process.hrtime.bigint();
  const store = new SqliteEventStore(file);
  let events = 0;
  let after: number | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) break;
    events += page.length;
    after = page[page.length - 1].position;
  }
  await store.close();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${JSON.stringify({ events, seconds })}\n`);
}

void main();
