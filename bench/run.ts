/**
 * The benchmark harness (issue 7): `npm run bench` (full) or `npm run bench -- --quick`.
 *
 * Every figure comes with a reference measured in the same run on the same machine, alternating
 * (reference, figure, reference, figure…), and the ratio is the median of the pairs' ratios;
 * bench/README.md says why and how to read a run. The service runs as its own process (dist/main.js, NODE_ENV=production, LOG_LEVEL=warn)
 * and HTTP load comes from autocannon in another process (bench/workers/load-worker.ts).
 * Prints a table on stdout (progress on stderr) and writes bench/results/latest.json.
 *
 * Options:
 *   --quick               scaled-down sizes, under a minute (the sizes are recorded)
 *   --only=B1,B5          run only these benchmarks (B1, B2, B3, B7 and B4's lag share one run;
 *                         B8 audit:export and B9 audit:verify share one store and one raw read)
 *   --out=PATH            results file (default bench/results/latest.json, git-ignored);
 *                         e.g. --out=bench/results/published/full.json to commit one
 *   --mongo=URL           also run B4 and B5 with read models in MongoDB at URL
 *                         (default: $BENCH_MONGO_URL, else $READ_MODEL_URL when it is mongodb://)
 *   --ferretdb            start .ferretdb/ferretdb (see README) on a free port and use it as --mongo
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAll, track } from './lib/children';
import { BenchContext, FULL, QUICK } from './lib/context';
import { LoadGenerator } from './lib/load';
import { gitCommit, machineInfo } from './lib/machine';
import { note } from './lib/progress';
import { FigureResult, loadWarning, QUIET_LOAD_PER_CORE, table, writeResults } from './lib/report';
import { REPO_ROOT, SERVICE_LOG_LEVEL } from './lib/service';
import { auditScenario } from './scenarios/audit';
import { httpWorkloads, RATE_LIMIT_MULTIPLIER } from './scenarios/http-workloads';
import { longLinkScenario } from './scenarios/long-link';
import { projectionThroughput } from './scenarios/projections';
import { rebuildScenario } from './scenarios/rebuild';

interface Options {
  readonly quick: boolean;
  readonly only: Set<string> | null;
  readonly out: string;
  readonly mongo?: string;
  readonly ferretdb: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const known = ['--quick', '--ferretdb', '--only=', '--out=', '--mongo='];
  for (const arg of argv) {
    if (!known.some((k) => (k.endsWith('=') ? arg.startsWith(k) : arg === k))) throw new Error(`unknown option ${arg}`);
  }
  const only = value('only');
  const envMongo = process.env.BENCH_MONGO_URL ?? (process.env.READ_MODEL_URL?.startsWith('mongodb') ? process.env.READ_MODEL_URL : undefined);
  return {
    quick: argv.includes('--quick'),
    only: only ? new Set(only.split(',').map((id) => id.trim().toUpperCase())) : null,
    out: value('out') ?? join(REPO_ROOT, 'bench', 'results', 'latest.json'),
    mongo: value('mongo') ?? envMongo,
    ferretdb: argv.includes('--ferretdb'),
  };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The benchmarks measure the built service. A missing build is made; a build older than src/
 * is used as it is (say so in the results) rather than rebuilt under the feet of whoever else
 * uses dist/: run `npm run build` first to measure the sources.
 */
function ensureBuilt(): { distOlderThanSrc: boolean } {
  const main = join(REPO_ROOT, 'dist', 'main.js');
  const cli = join(REPO_ROOT, 'dist', 'cli', 'rebuild-read-models.js');
  if (!existsSync(main) || !existsSync(cli)) {
    note('dist/ is missing: npm run build');
    const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
    return { distOlderThanSrc: false };
  }
  const stale = statSync(main).mtimeMs < newestMtime(join(REPO_ROOT, 'src'));
  if (stale) note('warning: dist/ is older than src/; measuring the built code (run npm run build to measure the sources)');
  return { distOlderThanSrc: stale };
}

async function startFerretDb(tmp: string): Promise<{ url: string; child: ChildProcess }> {
  const binary = join(REPO_ROOT, '.ferretdb', 'ferretdb');
  if (!existsSync(binary)) {
    throw new Error('--ferretdb: .ferretdb/ferretdb is missing; build it: go -C tools/ferretdb build -buildvcs=false -o ../../.ferretdb/ferretdb .');
  }
  const child = track(spawn(binary, ['-listen-addr', '127.0.0.1:0', '-state-dir', join(tmp, 'ferretdb')], { stdio: ['ignore', 'pipe', 'inherit'] }));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /mongodb:\/\/\S+/.exec(out);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`FerretDB exited (${code})`)));
  });
  return { url, child };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const sizes = options.quick ? QUICK : FULL;
  const started = Date.now();
  // Figures are comparable only on a quiet machine: the load average is recorded around the run.
  const loadAtStart = loadavg();
  const build = ensureBuilt();
  const tmp = mkdtempSync(join(tmpdir(), 'invite-links-bench-'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      note(`${signal}: stopping every process started, removing ${tmp}`);
      killAll();
      rmSync(tmp, { recursive: true, force: true });
      process.exit(130);
    });
  }
  const ferret = options.ferretdb ? await startFerretDb(tmp) : undefined;
  const mongoUrl = ferret?.url ?? options.mongo;
  const load = new LoadGenerator();
  const results: FigureResult[] = [];
  const ctx: BenchContext = { quick: options.quick, sizes, load, tmp, mongoUrl, results, parameters: {} };
  const wanted = (...ids: string[]) => options.only === null || ids.some((id) => options.only!.has(id));
  const { commit, uncommittedChanges } = gitCommit();
  const busy = loadWarning(loadAtStart, machineInfo().cores);
  if (busy) note(busy);
  note(`mode ${options.quick ? 'quick' : 'full'}; commit ${commit.slice(0, 12)}${uncommittedChanges ? ' (with uncommitted changes)' : ''}; temp ${tmp}`);
  /** The load average around each scenario: a neighbour that started mid-run shows here. */
  const scenarios: Array<{ scenario: string; seconds: number; loadAverage: { atStart: number[]; atEnd: number[] } }> = [];
  const scenario = async (name: string, run: () => Promise<void>) => {
    const atStart = loadavg();
    const startedAt = Date.now();
    await run();
    scenarios.push({ scenario: name, seconds: (Date.now() - startedAt) / 1000, loadAverage: { atStart, atEnd: loadavg() } });
  };
  try {
    if (wanted('B1', 'B2', 'B3', 'B4', 'B7')) await scenario('B1 B2 B3 B7, B4 lag (sqlite)', () => httpWorkloads(ctx));
    if (wanted('B6')) await scenario('B6 (sqlite)', () => longLinkScenario(ctx));
    if (wanted('B4')) await scenario('B4 (sqlite)', () => projectionThroughput(ctx, 'sqlite'));
    if (wanted('B5')) await scenario('B5 (sqlite)', () => rebuildScenario(ctx, 'sqlite'));
    if (wanted('B8', 'B9')) {
      await scenario('B8 B9 (sqlite)', () => auditScenario(ctx, { exportCli: wanted('B8'), verifyCli: wanted('B9') }));
    }
    if (mongoUrl) {
      if (wanted('B4')) await scenario('B4 (mongodb)', () => projectionThroughput(ctx, 'mongodb'));
      if (wanted('B5')) await scenario('B5 (mongodb)', () => rebuildScenario(ctx, 'mongodb'));
    }
  } finally {
    load.close();
    ferret?.child.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  }
  const order = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9'];
  results.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const durationSeconds = (Date.now() - started) / 1000;
  const machine = machineInfo();
  const warning = loadWarning(loadAtStart, machine.cores);
  const loadAverage = {
    atStart: loadAtStart,
    atEnd: loadavg(),
    note: '1, 5 and 15 minutes; at the end it includes the bench\'s own load, so only the start tells whether the machine was quiet',
    quietBelowOneMinute: +(QUIET_LOAD_PER_CORE * machine.cores).toFixed(2),
    warning: warning ?? null,
    byScenario: scenarios,
  };
  writeResults(options.out, {
    harness: 'bench/run.ts',
    mode: options.quick ? 'quick' : 'full',
    startedAt: new Date(started).toISOString(),
    durationSeconds,
    machine,
    loadAverage,
    node: process.version,
    commit,
    uncommittedChanges,
    distOlderThanSrc: build.distOlderThanSrc,
    parameters: {
      sizes,
      scaledDown: options.quick ? 'quick mode: the sizes above replace the issue\'s (1M-event rebuild → ' +
        `${sizes.rebuildEvents}, B1 over ${sizes.signupLinks} links instead of ${FULL.signupLinks}, RSS ratio ${sizes.rebuildEvents} vs ${sizes.rebuildSmallEvents}, B6 ${sizes.longLinkSignups} past signups, ` +
        `B8/B9's 1M-event export and verify → ${sizes.auditEvents})` : null,
      service: { entry: 'dist/main.js', NODE_ENV: 'production', LOG_LEVEL: SERVICE_LOG_LEVEL, eventStore: 'SQLite (WAL, synchronous=FULL)' },
      rateLimit: {
        setting: `RATE_LIMIT_MULTIPLIER=${RATE_LIMIT_MULTIPLIER} on the HTTP service (B1-B3): every limit multiplied out of the way, so B1 measures signups, not the limiter; the limiter still counts every request`,
        clientAddresses: 'X-Forwarded-For from a per-run pool in 127.0.0.0/8 (trusted from loopback); signups over several links; see parameters.http.problems for any 429',
      },
      loadGenerator: 'autocannon 9 (programmatic API) in a forked process, pipelining 1',
      mongoUrl: mongoUrl ? mongoUrl.replace(/\/\/[^@/]*@/, '//<credentials>@') : null,
      mongoServer: ferret ? 'FerretDB 1.24.2 (SQLite backend), started by the harness' : mongoUrl ? 'given' : null,
      ...ctx.parameters,
    },
    figures: results,
  });
  process.stdout.write(`\nInvite links service benchmarks: ${options.quick ? 'quick' : 'full'} mode, ${machine.cores} cores (${machine.cpuModel}), ` +
    `${Math.round(machine.totalMemoryMiB / 1024)} GiB, Node ${process.version}, commit ${commit.slice(0, 12)}${uncommittedChanges ? '+' : ''}; ` +
    `${sizes.repetitions} repetitions, ${durationSeconds.toFixed(0)} s; load average (1, 5, 15 min) ` +
    `${loadAverage.atStart.map((v) => v.toFixed(2)).join(' ')} at the start, ${loadAverage.atEnd.map((v) => v.toFixed(2)).join(' ')} at the end\n` +
    `${warning ? `${warning}\n` : ''}Ratios: the median over the repetitions of figure ÷ the reference measured next to it (range of the pairs in brackets)\n\n${table(results)}\n\nResults: ${options.out}\n`);
  const problems = (ctx.parameters.http as { problems?: string[] } | undefined)?.problems ?? [];
  if (problems.length) process.stdout.write(`Warnings: ${problems.join('; ')}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
