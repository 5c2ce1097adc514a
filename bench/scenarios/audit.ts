/**
 * B8 and B9: `audit:export` (B8) and `audit:verify` (B9), the built CLIs each in a process of its
 * own, on a chained store of N events with the service's checkpoints (bench/lib/chained-history.ts),
 * against a raw sequential read of the same store in a process of its own (bench/workers/raw-read.ts:
 * readAll pages of 1000 through the adapter, rows parsed, nothing else). Each repetition runs the
 * raw read, then the export, then the verification, so a change of load hits figure and reference
 * alike; the ratio is the median of the repetitions' ratios (the ratio of the medians is a detail).
 *
 * audit:export and audit:verify do their per-event work in worker threads by default
 * (AUDIT_THREADS: one per CPU, at most 4) while the raw read is one thread: B8 and B9 are what a
 * user gets, and one more row each, reported without a target, runs the CLI in the main thread
 * alone (AUDIT_THREADS=0) so that the two can be told apart.
 *
 * Throughput is events / wall time from spawn to exit, for all three alike, so the CLIs' start-up
 * (module loading, about 0.3 s) counts against them: a user waits for it too. Memory is the peak
 * RSS each child reports of itself (bench/support/peak-rss.js); "flat" is judged by the peak on
 * N events against the peak on a store of N/4, built the same way.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ChainedStore, chainedHistory, CHECKPOINT_EVERY, storeSourceDigest } from '../lib/chained-history';
import { BenchContext } from '../lib/context';
import { gitCommit } from '../lib/machine';
import { ProcessRun, runNode, tsWorker } from '../lib/processes';
import { note, throttled } from '../lib/progress';
import { compare, Measured } from '../lib/report';
import { REPO_ROOT } from '../lib/service';
import { summarize } from '../lib/stats';

const EXPORT_CLI = join(REPO_ROOT, 'dist', 'cli', 'audit-export.js');
const VERIFY_CLI = join(REPO_ROOT, 'dist', 'cli', 'audit-verify.js');
/** The CLIs' page size, so the raw read does the same number of queries. */
const PAGE = 1000;

const shortCount = (n: number) =>
  n >= 1_000_000 ? `${+(n / 1_000_000).toFixed(2)}M` : n >= 1000 ? `${Math.round(n / 1000)}k` : String(n);

const loadAverage = () => loadavg().map((value) => +value.toFixed(2));

/** Only what the CLIs read (they need none of the service's secrets). */
const cliEnvironment = (store: ChainedStore) => ({ PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATA_DIR: store.dir });

async function store(ctx: BenchContext, events: number, sources: string): Promise<ChainedStore> {
  const progress = throttled(3000, note);
  return chainedHistory({
    events,
    sources,
    commit: gitCommit().commit,
    note: (message) => note(`B8/B9: ${message}`),
    progress: (written, total) => progress(`B8/B9: appended ${written.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} events`),
  });
}

interface Run {
  readonly eventsPerSecond: number;
  readonly peakRssMiB: number;
  readonly run: ProcessRun;
}

const measured = (store: ChainedStore, run: ProcessRun): Run => ({
  eventsPerSecond: store.events / run.wallSeconds,
  peakRssMiB: run.peakRssMiB ?? Number.NaN,
  run,
});

async function rawRead(store: ChainedStore): Promise<Run> {
  const run = await runNode(tsWorker('raw-read.ts', store.file, String(PAGE)));
  const { events } = JSON.parse(run.stdout) as { events: number };
  if (run.code !== 0 || events !== store.events) throw new Error(`the raw read failed (${run.code}, ${events} events):\n${run.stderr}`);
  return measured(store, run);
}

async function exportAll(ctx: BenchContext, store: ChainedStore, label: string, threads?: string): Promise<Run> {
  const out = join(ctx.tmp, 'b8-export.ndjson');
  const progress = throttled(3000, note);
  try {
    const run = await runNode([EXPORT_CLI, '--out', out], {
      env: { ...cliEnvironment(store), ...(threads !== undefined ? { AUDIT_THREADS: threads } : {}) },
      onStderrLine: (line) => line.startsWith('Exporting:') && progress(`${label}: ${line}`),
    });
    const exported = /Exported ([\d,]+) of ([\d,]+) events/.exec(run.stderr);
    if (run.code !== 0 || Number(exported?.[1].replace(/,/g, '')) !== store.events) {
      throw new Error(`audit:export failed (${run.code}):\n${run.stderr}`);
    }
    return measured(store, run);
  } finally {
    rmSync(out, { force: true });
    rmSync(`${out}.partial`, { force: true });
  }
}

async function verifyAll(store: ChainedStore, threads?: string): Promise<Run> {
  const env = { ...cliEnvironment(store), ...(threads !== undefined ? { AUDIT_THREADS: threads } : {}) };
  const run = await runNode([VERIFY_CLI], { env });
  const verdict = run.stdout.trim().split('\n').pop() ?? '';
  if (run.code !== 0 || !verdict.startsWith(`ok: ${store.events} events`)) {
    throw new Error(`audit:verify did not verify the store (${run.code}): ${verdict}\n${run.stderr}`);
  }
  return measured(store, run);
}

export async function auditScenario(ctx: BenchContext, wanted: { readonly exportCli: boolean; readonly verifyCli: boolean }): Promise<void> {
  const { sizes } = ctx;
  const sources = storeSourceDigest();
  const large = await store(ctx, sizes.auditEvents, sources);
  const small = await store(ctx, Math.round(sizes.auditEvents / 4), sources);
  const loadBefore = loadAverage();
  note(`B8/B9: load average before ${loadBefore.join(', ')}`);

  const raw: Run[] = [];
  const exports: Run[] = [];
  const exportsSmall: Run[] = [];
  const verifies: Run[] = [];
  const verifiesSmall: Run[] = [];
  const verifiesOneThread: Run[] = [];
  const exportsOneThread: Run[] = [];
  for (let rep = 1; rep <= sizes.repetitions; rep++) {
    const at = `B8/B9 ${rep}/${sizes.repetitions}`;
    note(`${at}: raw sequential read of ${large.events.toLocaleString('en-US')} events`);
    raw.push(await rawRead(large));
    if (wanted.exportCli) {
      note(`${at}: audit:export of ${large.events.toLocaleString('en-US')} events, then of ${small.events.toLocaleString('en-US')}, then in one thread`);
      exports.push(await exportAll(ctx, large, `${at} export`));
      exportsSmall.push(await exportAll(ctx, small, `${at} export (small)`));
      exportsOneThread.push(await exportAll(ctx, large, `${at} export (one thread)`, '0'));
    }
    if (wanted.verifyCli) {
      note(`${at}: audit:verify of ${large.events.toLocaleString('en-US')} events, then of ${small.events.toLocaleString('en-US')}, then in one thread`);
      verifies.push(await verifyAll(large));
      verifiesSmall.push(await verifyAll(small));
      verifiesOneThread.push(await verifyAll(large, '0'));
    }
  }
  const loadAfter = loadAverage();
  note(`B8/B9: load average after ${loadAfter.join(', ')}`);

  const rates = (runs: readonly Run[]) => summarize(runs.map((run) => run.eventsPerSecond));
  const peaks = (runs: readonly Run[]) => summarize(runs.map((run) => run.peakRssMiB));
  const rawReference: Measured = { name: 'raw sequential read', unit: 'events/s', summary: rates(raw) };
  const common = {
    events: large.events,
    smallEvents: small.events,
    checkpoints: large.checkpoints,
    storeReused: large.cached && small.cached,
    loadAverage: { before: loadBefore, after: loadAfter },
    rawReadPeakRssMiB: peaks(raw),
    rawReadSmallStore: 'not run: the raw read holds one page',
    timing: 'events / wall time from spawn to exit, for the CLI and the raw read alike (start-up included)',
  };
  const figures: Array<{ id: string; cli: string; large: Run[]; small: Run[] }> = [];
  if (wanted.exportCli) figures.push({ id: 'B8', cli: 'audit:export --out FILE', large: exports, small: exportsSmall });
  if (wanted.verifyCli) figures.push({ id: 'B9', cli: 'audit:verify', large: verifies, small: verifiesSmall });
  for (const figure of figures) {
    ctx.results.push(
      compare({
        id: figure.id,
        backend: 'sqlite',
        workload: `${figure.cli}, ${large.events.toLocaleString('en-US')} events`,
        figure: { name: figure.cli.split(' ')[0], unit: 'events/s', summary: rates(figure.large) },
        reference: rawReference,
        target: { comparison: '>=', value: 0.5 },
        details: { ...common, wallSeconds: summarize(figure.large.map((run) => run.run.wallSeconds)) },
      }),
    );
    ctx.results.push(
      compare({
        id: figure.id,
        backend: 'sqlite',
        workload: `${figure.cli.split(' ')[0]} peak RSS, ${large.events.toLocaleString('en-US')} vs ${small.events.toLocaleString('en-US')} events`,
        figure: { name: `peak RSS at ${shortCount(large.events)}`, unit: 'MiB', summary: peaks(figure.large) },
        reference: { name: `peak RSS at ${shortCount(small.events)}`, unit: 'MiB', summary: peaks(figure.small) },
        // As B5: flat means at most 30 % more for four times the events.
        target: { comparison: '<=', value: 1.3 },
        details: { loadAverage: common.loadAverage, rawReadPeakRssMiB: common.rawReadPeakRssMiB },
      }),
    );
  }
  const oneThread = [
    ...(wanted.exportCli ? [{ id: 'B8', cli: 'audit:export', runs: exportsOneThread }] : []),
    ...(wanted.verifyCli ? [{ id: 'B9', cli: 'audit:verify', runs: verifiesOneThread }] : []),
  ];
  for (const { id, cli, runs } of oneThread) {
    ctx.results.push(
      compare({
        id,
        backend: 'sqlite',
        workload: `${cli} in the main thread alone (AUDIT_THREADS=0), ${large.events.toLocaleString('en-US')} events`,
        figure: { name: `${cli}, one thread`, unit: 'events/s', summary: rates(runs) },
        reference: rawReference,
        details: { ...common, wallSeconds: summarize(runs.map((run) => run.run.wallSeconds)) },
      }),
    );
  }
  ctx.parameters.audit = {
    store: 'bench/lib/chained-history.ts: appended through SqliteEventStore (chained), checkpoints by CheckpointWriter',
    checkpointEvery: CHECKPOINT_EVERY,
    events: large.events,
    smallEvents: small.events,
    storeDirectory: large.dir,
    loadAverage: common.loadAverage,
  };
}
