import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore } from '../infrastructure/event-store/sqlite/sqlite-event-store';
import { exportPage } from '../modules/audit/application/audit-export';
import { StreamOwners } from '../modules/audit/application/stream-owners';
import { hashedEventOf } from '../modules/audit/application/verification/verify-log';
import { tenantStream } from '../modules/tenancy/domain/tenant.events';
import { columnsOf, LogWorkerData, PageReply, PageRequest } from './log-workers';

/**
 * A worker thread of `audit:export` or `audit:verify` (log-workers.ts): reads the pages of the
 * SQLite log it is asked for, through its own read connection, and hashes their events or builds
 * their export lines. Reads only.
 */
const port = parentPort;
if (!port) throw new Error('log-worker runs as a worker thread of audit:export or audit:verify');
const { file, job } = workerData as LogWorkerData;
const store = new SqliteEventStore(file);
const owners = new StreamOwners();

port.on('message', (request: PageRequest) => {
  replyTo(request).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies PageReply),
  );
});

async function replyTo(request: PageRequest): Promise<PageReply> {
  // A page of positions holds fewer events where some are missing; a read past its end is cut.
  const events = (await store.readAll({ after: request.after, maxCount: request.upTo - request.after })).filter(
    (event) => event.position <= request.upTo,
  );
  if (job.kind === 'hash') return { id: request.id, hashed: columnsOf(events.map(hashedEventOf)) };
  // This thread starts in the middle of the log: a tenant's MSP is in the first event of its stream.
  for (const tenantId of owners.unknownTenants(events)) {
    const [first] = await store.readStream(tenantStream(tenantId), { maxCount: 1 });
    if (first) owners.learn(first);
  }
  return { id: request.id, exported: exportPage(events, owners, job.selection) };
}
