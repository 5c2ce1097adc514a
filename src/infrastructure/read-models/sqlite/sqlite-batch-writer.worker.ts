import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { BatchReply, BatchRequest, BatchWriterData } from './sqlite-batch-writer';

/**
 * The thread that owns a bulk-loaded generation's write connection (see SqliteBatchWriter): one
 * transaction per batch, with the same conditional upsert and checkpoint the document store uses.
 */
const { file, busyTimeoutMs } = workerData as BatchWriterData;
const db = new Database(file);
db.pragma(`busy_timeout = ${busyTimeoutMs}`);
// The file is in WAL already (the main thread opened it first); a bulk load is made durable at close.
db.pragma('synchronous = OFF');

const upserts = new Map<string, Database.Statement<[string, number, string]>>();
const upsertInto = (table: string) => {
  let statement = upserts.get(table);
  if (!statement) {
    statement = db.prepare(
      `INSERT INTO ${table} (id, position, body) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET position = excluded.position, body = excluded.body
       WHERE ${table}.position < excluded.position`,
    );
    upserts.set(table, statement);
  }
  return statement;
};
const saveCheckpoint = db.prepare<[string, number]>(
  'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
);

const write = db.transaction((request: BatchRequest) => {
  for (const [table, ids, positions, bodies] of request.tables) {
    const upsert = upsertInto(table);
    for (let i = 0; i < ids.length; i++) upsert.run(ids[i], positions[i], bodies[i]);
  }
  if (request.checkpoint) saveCheckpoint.run(request.checkpoint.name, request.checkpoint.position);
});

parentPort!.on('message', (request: BatchRequest | 'close') => {
  if (request === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  let reply: BatchReply;
  try {
    write.immediate(request);
    reply = { id: request.id };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
