/**
 * B5: the rebuild CLI (`dist/cli/rebuild-read-models.js`, its own process) replaying a large
 * history into a fresh read-model generation, against a raw sequential read of the same event
 * store (also its own process); and the CLI's peak RSS on the large history against a history
 * ten times smaller.
 *
 * In the same repetitions, the rebuild CLI of this commit and of the commit before the reporting
 * read models (bench/lib/baseline.ts), both run from their TypeScript sources so that they differ
 * only in their code: the cost of the new collections, and the old figure next to the new one.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { BenchContext } from '../lib/context';
import { generateHistory } from '../lib/history';
import { baselineReadModels, currentReadModels, ReadModelsVersion } from '../lib/baseline';
import { ProcessRun, REGISTER_TS, runNode, tsWorker } from '../lib/processes';
import { note, throttled } from '../lib/progress';
import { compare } from '../lib/report';
import { REPO_ROOT, serviceEnvironment } from '../lib/service';
import { summarize } from '../lib/stats';

const REBUILD_CLI = join(REPO_ROOT, 'dist', 'cli', 'rebuild-read-models.js');
/** The rebuild's batch (events per transaction and per readAll page); the raw read uses it too. */
const PAGE = 1000;

async function history(ctx: BenchContext, name: string, events: number): Promise<{ dir: string; events: number }> {
  const dir = join(ctx.tmp, name);
  mkdirSync(dir, { recursive: true });
  const progress = throttled(2000, note);
  note(`B5: generating ${events.toLocaleString('en-US')} events (${name})`);
  const generated = await generateHistory(join(dir, 'events.sqlite3'), {
    events,
    tenants: Math.max(10, Math.round(events / 1000)),
    progress: (written, total) =>
      progress(`B5: generated ${written.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} events (${name})`),
  });
  return { dir, events: generated.events };
}

function removeReadModels(dir: string): void {
  for (const file of readdirSync(dir)) if (file.startsWith('read-models')) rmSync(join(dir, file), { force: true });
}

function mongoDatabaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function dropMongoDatabases(base: string, prefix: string): Promise<void> {
  const client = await MongoClient.connect(base);
  try {
    const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) if (name.startsWith(prefix)) await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}

/** The built CLI by default; a version's CLI from its sources when one is given. */
async function rebuild(dir: string, readModelUrl: string | undefined, label: string, fromSource?: ReadModelsVersion): Promise<ProcessRun> {
  const progress = throttled(3000, note);
  const env = serviceEnvironment(dir, readModelUrl ? { READ_MODEL_URL: readModelUrl } : {});
  const cli = fromSource ? ['--require', REGISTER_TS, ...fromSource.rebuildCli] : [REBUILD_CLI];
  const run = await runNode(cli, {
    env,
    startMarker: /^Rebuilding read models into generation/,
    onStderrLine: (line) => {
      if (line.startsWith('Rebuild:')) progress(`${label}: ${line}`);
    },
  });
  if (run.code !== 0 || run.markedSeconds === undefined) {
    throw new Error(`the rebuild CLI failed (${run.code}):\n${run.stderr}\n${run.stdout}`);
  }
  return run;
}

export async function rebuildScenario(ctx: BenchContext, backend: 'sqlite' | 'mongodb'): Promise<void> {
  const { sizes } = ctx;
  const large = await history(ctx, `b5-${backend}-large`, backend === 'sqlite' ? sizes.rebuildEvents : sizes.mongoRebuildEvents);
  const small = await history(ctx, `b5-${backend}-small`, backend === 'sqlite' ? sizes.rebuildSmallEvents : sizes.mongoRebuildSmallEvents);
  const prefix = `bench_rebuild_${randomUUID().slice(0, 8)}`;
  const urlOf = (name: string) => (backend === 'mongodb' ? mongoDatabaseUrl(ctx.mongoUrl!, `${prefix}_${name}`) : undefined);

  const rawReads: number[] = [];
  const rebuilds: number[] = [];
  const wall: number[] = [];
  const peakLarge: number[] = [];
  const peakSmall: number[] = [];
  const peakRawRead: number[] = [];
  const versions = [currentReadModels(), baselineReadModels(ctx.tmp)];
  const fromSource = new Map<ReadModelsVersion, number[]>(versions.map((version) => [version, []]));
  try {
    for (let rep = 1; rep <= sizes.repetitions; rep++) {
      note(`B5 (${backend}) ${rep}/${sizes.repetitions}: raw sequential read, then the rebuild CLI (large, then small)`);
      const read = await runNode(tsWorker('raw-read.ts', join(large.dir, 'events.sqlite3'), String(PAGE)));
      const { events, seconds } = JSON.parse(read.stdout) as { events: number; seconds: number };
      rawReads.push(events / seconds);
      if (read.peakRssMiB !== undefined) peakRawRead.push(read.peakRssMiB);

      removeReadModels(large.dir);
      const big = await rebuild(large.dir, urlOf('large'), `B5 (${backend}) rebuild of ${large.events.toLocaleString('en-US')}`);
      rebuilds.push(large.events / big.markedSeconds!);
      wall.push(big.wallSeconds);
      peakLarge.push(big.peakRssMiB ?? Number.NaN);

      removeReadModels(small.dir);
      const little = await rebuild(small.dir, urlOf('small'), `B5 (${backend}) rebuild of ${small.events.toLocaleString('en-US')}`);
      peakSmall.push(little.peakRssMiB ?? Number.NaN);

      for (const [index, version] of versions.entries()) {
        note(`B5 (${backend}) ${rep}/${sizes.repetitions}: the rebuild CLI of the read models ${version.label}, from source`);
        removeReadModels(large.dir);
        const run = await rebuild(large.dir, urlOf(`source${index}_${rep}`), `B5 (${backend}) ${version.label}`, version);
        fromSource.get(version)!.push(large.events / run.markedSeconds!);
      }
    }
  } finally {
    removeReadModels(large.dir);
    removeReadModels(small.dir);
    if (backend === 'mongodb') await dropMongoDatabases(ctx.mongoUrl!, prefix).catch(() => undefined);
  }
  ctx.results.push(
    compare({
      id: 'B5',
      backend,
      workload: `rebuild CLI, ${large.events.toLocaleString('en-US')} events`,
      figure: { name: 'rebuild', unit: 'events/s', summary: summarize(rebuilds) },
      reference: { name: 'raw sequential read', unit: 'events/s', summary: summarize(rawReads) },
      target: { comparison: '>=', value: 0.5 },
      details: {
        events: large.events,
        rebuildWallSeconds: summarize(wall),
        rawReadPeakRssMiB: peakRawRead.length ? summarize(peakRawRead) : undefined,
        timing: 'from the CLI\'s first progress line to its exit (module loading excluded); the raw read times itself the same way',
      },
    }),
  );
  const [now, before] = versions;
  ctx.results.push(
    compare({
      id: 'B5',
      backend,
      workload: `rebuild CLI from source, ${large.events.toLocaleString('en-US')} events, read models ${before.label}`,
      figure: { name: 'rebuild', unit: 'events/s', summary: summarize(fromSource.get(before)!) },
      reference: { name: 'raw sequential read', unit: 'events/s', summary: summarize(rawReads) },
      target: { comparison: '>=', value: 0.5 },
      details: { readModels: before.label, timing: 'as the row above; the CLI runs from its TypeScript sources (swc)' },
    }),
    compare({
      id: 'B5',
      backend,
      workload: `rebuild CLI from source, read models now against ${before.label}`,
      figure: { name: 'rebuild now', unit: 'events/s', summary: summarize(fromSource.get(now)!) },
      reference: { name: `rebuild ${before.label}`, unit: 'events/s', summary: summarize(fromSource.get(before)!) },
    }),
  );
  ctx.results.push(
    compare(
      {
        id: 'B5',
        backend,
        workload: `rebuild peak RSS, ${large.events.toLocaleString('en-US')} vs ${small.events.toLocaleString('en-US')} events`,
        figure: { name: `peak RSS at ${shortCount(large.events)}`, unit: 'MiB', summary: summarize(peakLarge) },
        reference: { name: `peak RSS at ${shortCount(small.events)}`, unit: 'MiB', summary: summarize(peakSmall) },
        target: { comparison: '<=', value: 1.3 },
      },
    ),
  );
}

const shortCount = (n: number) =>
  n >= 1_000_000 ? `${+(n / 1_000_000).toFixed(1)}M` : n >= 1000 ? `${Math.round(n / 1000)}k` : String(n);
