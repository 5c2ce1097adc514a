/**
 * B4: how fast the projection runner brings fresh read models up to the head of a realistic
 * history (events/s), against raw writes into the same document store: exactly the writes the
 * projection makes, recorded once and replayed without the projection. In-process, both of them.
 *
 * Measured for this commit's read models and for those before the reporting read models
 * (bench/lib/baseline.ts), alternating in every repetition, so the cost of the new collections
 * is read from one run: each version's events/s, and each one's share of its own raw writes.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { Document, DocumentStore } from '../../src/shared/application/document-store.port';
import { baselineReadModels, currentReadModels, ReadModelsVersion } from '../lib/baseline';
import { BenchContext } from '../lib/context';
import { generateHistory } from '../lib/history';
import { note, throttled } from '../lib/progress';
import { compare } from '../lib/report';
import { seconds, summarize } from '../lib/stats';

const BATCH = 500;

async function project(version: ReadModelsVersion, events: SqliteEventStore, store: DocumentStore, head: number): Promise<number> {
  const started = process.hrtime.bigint();
  const runner = new version.ProjectionRunner(events, store, version.projection, {
    log: (message, error) => note(`projection: ${message} ${String(error)}`),
  });
  await runner.start();
  await runner.waitForPosition(head, 3_600_000);
  const elapsed = seconds(started);
  await runner.stop();
  return elapsed;
}

/** A write the projection made: replayed as is by the reference. */
interface RecordedWrite {
  readonly method: 'upsertIfNewer' | 'updateIfNewer';
  readonly collection: string;
  readonly id: string;
  readonly position: number;
  readonly doc: Document;
}

/** Projects the history once (not timed) through a store that records every document write. */
async function recordWrites(
  version: ReadModelsVersion,
  events: SqliteEventStore,
  store: DocumentStore,
  head: number,
): Promise<RecordedWrite[]> {
  const writes: RecordedWrite[] = [];
  const recording = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if ((property === 'upsertIfNewer' || property === 'updateIfNewer') && typeof value === 'function') {
        return (collection: string, id: string, position: number, doc: Document) => {
          writes.push({ method: property, collection, id, position, doc: structuredClone(doc) });
          return (value as DocumentStore['upsertIfNewer']).call(target, collection, id, position, doc);
        };
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  await project(version, events, recording, head);
  return writes;
}

/**
 * The reference: exactly the document writes the projection made (same collections, indexes,
 * keys and documents), replayed raw into a fresh store, the writes of BATCH events per
 * transaction with a checkpoint, as the runner commits. What is left between this and the runner
 * is the projection's own work: reading and parsing events, deciding what to write, the reads
 * before conditional writes. Reported as events/s: the history's events over the replay's time.
 */
async function rawWrites(
  version: ReadModelsVersion,
  store: DocumentStore,
  writes: readonly RecordedWrite[],
  events: number,
): Promise<number> {
  // As the runner prepares its store (a baseline store may not have ensureCollections).
  await store.ensureCollections?.(version.projection.collections ?? []);
  await store.ensureIndexes(version.projection.indexes);
  const started = process.hrtime.bigint();
  let next = 0;
  while (next < writes.length) {
    const batchEnd = Math.floor((writes[next].position - 1) / BATCH) * BATCH + BATCH;
    await store.transaction(async () => {
      let last = 0;
      for (; next < writes.length && writes[next].position <= batchEnd; next++) {
        const { method, collection, id, position, doc } = writes[next];
        await store[method](collection, id, position, doc);
        last = position;
      }
      await store.saveCheckpoint('bench_raw', last);
    });
  }
  return events / seconds(started);
}

interface Measurements {
  writes: RecordedWrite[];
  readonly projected: number[];
  readonly raw: number[];
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
  /** A fresh store of `version`, set up as its service sets it up. */
  const open = async (version: ReadModelsVersion, name: string): Promise<{ store: DocumentStore; drop: () => Promise<void> }> => {
    if (backend === 'sqlite') {
      return { store: new version.SqliteDocumentStore(join(dir, `${name}.sqlite3`)), drop: async () => undefined };
    }
    const database = `bench_${name}_${randomUUID().slice(0, 8)}`;
    const store = await version.MongoDocumentStore.connect(ctx.mongoUrl!, database, { dateFields: version.projection.dateFields });
    // Its service writes every change twice on MongoDB: to its generation and to the stable names.
    if (version.publishes) await store.publish(`${database}_stable`, name, version.projection.indexes, { copy: false });
    return {
      store,
      drop: async () => {
        const { MongoClient } = await import('mongodb');
        const client = await MongoClient.connect(ctx.mongoUrl!);
        for (const db of [database, `${database}_stable`]) await client.db(db).dropDatabase().catch(() => undefined);
        await client.close();
      },
    };
  };
  const versions = [currentReadModels(), baselineReadModels(ctx.tmp)];
  const measured = new Map<ReadModelsVersion, Measurements>(versions.map((version) => [version, { writes: [], projected: [], raw: [] }]));
  try {
    for (const version of versions) {
      note(`B4 (${backend}): recording the document writes of the read models ${version.label} (not timed)`);
      const recorded = await open(version, `recorded-${versions.indexOf(version)}`);
      try {
        measured.get(version)!.writes = await recordWrites(version, events, recorded.store, head);
      } finally {
        await recorded.store.close();
        await recorded.drop();
      }
    }
    for (let rep = 1; rep <= ctx.sizes.repetitions; rep++) {
      for (const [index, version] of versions.entries()) {
        note(`B4 (${backend}) ${rep}/${ctx.sizes.repetitions}, read models ${version.label}: the same writes raw, then the projection runner`);
        const { writes, raw, projected } = measured.get(version)!;
        const rawStore = await open(version, `raw-${index}-${rep}`);
        try {
          raw.push(await rawWrites(version, rawStore.store, writes, count));
        } finally {
          await rawStore.store.close();
          await rawStore.drop();
        }
        const target = await open(version, `projected-${index}-${rep}`);
        try {
          projected.push(count / (await project(version, events, target.store, head)));
        } finally {
          await target.store.close();
          await target.drop();
        }
      }
    }
  } finally {
    await events.close();
  }
  const [now, before] = versions.map((version) => measured.get(version)!);
  for (const version of versions) {
    const { writes, raw, projected } = measured.get(version)!;
    ctx.results.push(
      compare({
        id: 'B4',
        backend,
        workload: `projection catch-up, ${count.toLocaleString('en-US')} events, read models ${version.label}`,
        figure: { name: 'events projected', unit: '/s', summary: summarize(projected) },
        reference: { name: 'the same document writes, raw', unit: 'events/s', summary: summarize(raw) },
        target: { comparison: '>=', value: 0.5 },
        details: { events: count, batchSize: BATCH, documentWrites: writes.length, readModels: version.label, publishedCopy: backend === 'mongodb' && version.publishes },
      }),
    );
  }
  ctx.results.push(
    compare({
      id: 'B4',
      backend,
      workload: `projection catch-up, read models now against ${versions[1].label}`,
      figure: { name: 'events projected now', unit: '/s', summary: summarize(now.projected) },
      reference: { name: `events projected ${versions[1].label}`, unit: '/s', summary: summarize(before.projected) },
      details: { documentWritesNow: now.writes.length, documentWritesBefore: before.writes.length },
    }),
  );
}
