import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore } from '../infrastructure/event-store/sqlite/sqlite-event-store';
import { hashedEventOf } from '../modules/audit/application/verification/verify-log';
import { columnsOf, HasherReply, HasherRequest } from './hashed-in-workers';

/**
 * A worker thread of `audit:verify` (hashed-in-workers.ts): reads the pages of the SQLite log it is
 * asked for, through its own read connection, and hashes their events. Reads only.
 */
const port = parentPort;
if (!port) throw new Error('audit-verify-hasher runs as a worker thread of audit:verify');
const store = new SqliteEventStore((workerData as { file: string }).file);

port.on('message', (request: HasherRequest) => {
  hashPage(request).then(
    (events) => port.postMessage({ id: request.id, page: columnsOf(events) } satisfies HasherReply),
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies HasherReply),
  );
});

/** The events at positions after..upTo: a page of positions, which holds fewer events where some are missing. */
async function hashPage({ after, upTo }: HasherRequest) {
  const events = await store.readAll({ after, maxCount: upTo - after });
  return events.filter((event) => event.position <= upTo).map(hashedEventOf);
}
