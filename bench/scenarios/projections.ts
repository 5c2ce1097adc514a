/**
 * B4: how fast the projection runner brings fresh read models up to the head of a realistic
 * history (events/s), against raw writes into the same document store (documents/s written in
 * transactions of the runner's batch size, one document per event). In-process, both of them.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { DocumentStore } from '../../src/infrastructure/read-models/document-store';
import { MongoDocumentStore } from '../../src/infrastructure/read-models/mongodb/mongo-document-store';
import { ProjectionRunner } from '../../src/infrastructure/read-models/projection-runner';
import { SqliteDocumentStore } from '../../src/infrastructure/read-models/sqlite/sqlite-document-store';
import { directoryProjection } from '../../src/modules/directory-projection/directory.projection';
import { BenchContext } from '../lib/context';
import { generateHistory } from '../lib/history';
import { note, throttled } from '../lib/progress';
import { compare } from '../lib/report';
import { seconds, summarize } from '../lib/stats';

const BATCH = 500;

async function project(events: SqliteEventStore, store: DocumentStore, head: number): Promise<number> {
  const started = process.hrtime.bigint();
  const runner = new ProjectionRunner(events, store, directoryProjection, {
    log: (message, error) => note(`projection: ${message} ${String(error)}`),
  });
  await runner.start();
  await runner.waitForPosition(head, 3_600_000);
  const elapsed = seconds(started);
  await runner.stop();
  return elapsed;
}

/** One upsert per event, membership-sized documents, BATCH per transaction (as the runner). */
async function rawWrites(store: DocumentStore, count: number): Promise<number> {
  const tenantId = randomUUID();
  const started = process.hrtime.bigint();
  for (let from = 0; from < count; from += BATCH) {
    await store.transaction(async () => {
      for (let i = from; i < Math.min(count, from + BATCH); i++) {
        await store.upsertIfNewer('bench_raw', `${tenantId}:${i}`, i + 1, {
          tenantId,
          userId: randomUUID(),
          roleId: 'member',
          joinedAt: new Date().toISOString(),
          joinedVia: 'invite_link',
          email: `user-${i}@raw.example`,
          firstName: 'Raw',
          lastName: `Writer ${i}`,
          signInMethod: 'password',
        });
      }
    });
  }
  return count / seconds(started);
}

export async function projectionThroughput(ctx: BenchContext, backend: 'sqlite' | 'mongodb'): Promise<void> {
  const size = backend === 'sqlite' ? ctx.sizes.projectionEvents : ctx.sizes.mongoProjectionEvents;
  const dir = join(ctx.tmp, `b4-${backend}`);
  mkdirSync(dir, { recursive: true });
  const eventsFile = join(dir, 'events.sqlite3');
  note(`B4 (${backend}): generating a history of ${size.toLocaleString('en-US')} events`);
  const progress = throttled(2000, note);
  const { events: count } = await generateHistory(eventsFile, {
    events: size,
    tenants: Math.max(10, Math.round(size / 1000)),
    progress: (written, total) => progress(`B4: generated ${written.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`),
  });
  const events = new SqliteEventStore(eventsFile);
  const head = (await events.headPosition()) as number;
  const open = async (name: string): Promise<{ store: DocumentStore; drop: () => Promise<void> }> => {
    if (backend === 'sqlite') return { store: new SqliteDocumentStore(join(dir, `${name}.sqlite3`)), drop: async () => undefined };
    const database = `bench_${name}_${randomUUID().slice(0, 8)}`;
    const store = await MongoDocumentStore.connect(ctx.mongoUrl!, database);
    return {
      store,
      drop: async () => {
        const { MongoClient } = await import('mongodb');
        const client = await MongoClient.connect(ctx.mongoUrl!);
        await client.db(database).dropDatabase().catch(() => undefined);
        await client.close();
      },
    };
  };
  const projected: number[] = [];
  const raw: number[] = [];
  try {
    for (let rep = 1; rep <= ctx.sizes.repetitions; rep++) {
      note(`B4 (${backend}) ${rep}/${ctx.sizes.repetitions}: raw document writes, then the projection runner`);
      const rawStore = await open(`raw-${rep}`);
      try {
        raw.push(await rawWrites(rawStore.store, count));
      } finally {
        await rawStore.store.close();
        await rawStore.drop();
      }
      const target = await open(`projected-${rep}`);
      try {
        projected.push(count / (await project(events, target.store, head)));
      } finally {
        await target.store.close();
        await target.drop();
      }
    }
  } finally {
    await events.close();
  }
  ctx.results.push(
    compare({
      id: 'B4',
      backend,
      workload: `projection catch-up, ${count.toLocaleString('en-US')} events`,
      figure: { name: 'events projected', unit: '/s', summary: summarize(projected) },
      reference: { name: 'raw document writes', unit: '/s', summary: summarize(raw) },
      target: { comparison: '>=', value: 0.5 },
      details: { events: count, batchSize: BATCH },
    }),
  );
}
