import { MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { openEventsDatabase } from './sqlite-events-table';
import { MAX_GROUP_SIZE, SqliteWriteGroups, WriteRequest } from './sqlite-write-group';
import { Answer, decodeRequest, FromWriter, toFailure, ToWriter, WriterData } from './sqlite-writer-protocol';

/**
 * The writer thread (started by sqlite-writer.ts): owns the event store's write connection, so
 * every sync and every insert happens here, never on the service's event loop.
 *
 * When a message arrives, it takes every write already waiting (receiveMessageOnPort, up to
 * MAX_GROUP_SIZE) and commits them as one group; what arrived during that commit's sync is taken
 * at once for the next group, so under load each sync serves all the appends that queued behind it.
 */
const { file, busyTimeoutMs } = workerData as WriterData;
const port = parentPort as MessagePort;
const db = openEventsDatabase(file, busyTimeoutMs);
const groups = new SqliteWriteGroups(db);

post({
  ready: {
    synchronous: db.pragma('synchronous', { simple: true }) as number,
    busyTimeoutMs: db.pragma('busy_timeout', { simple: true }) as number,
  },
});

port.on('message', (first: ToWriter) => {
  let next: ToWriter | undefined = first;
  for (;;) {
    const group: { id: number; json: string }[] = [];
    let closing = false;
    while (next !== undefined) {
      if ('close' in next) closing = true;
      else group.push(next);
      if (closing || group.length >= MAX_GROUP_SIZE) break;
      next = receiveMessageOnPort(port)?.message as ToWriter | undefined;
    }
    if (group.length > 0) commit(group);
    if (closing) {
      // The main thread sends `close` only once nothing is in flight: nothing is left behind.
      db.close();
      port.close();
      return;
    }
    next = receiveMessageOnPort(port)?.message as ToWriter | undefined;
    if (next === undefined) return;
  }
});

function commit(group: readonly { id: number; json: string }[]): void {
  const answers: Answer[] = [];
  const requests: { id: number; request: WriteRequest }[] = [];
  for (const message of group) {
    try {
      requests.push({ id: message.id, request: decodeRequest(message.json) });
    } catch (error) {
      answers.push({ id: message.id, failure: toFailure(error) });
    }
  }
  const outcomes = groups.commit(requests.map(({ request }) => request));
  outcomes.forEach((outcome, index) => {
    const { id } = requests[index];
    answers.push(outcome.ok ? { id, result: outcome.result } : { id, failure: toFailure(outcome.error) });
  });
  post({ group: answers });
}

function post(message: FromWriter): void {
  port.postMessage(message);
}
