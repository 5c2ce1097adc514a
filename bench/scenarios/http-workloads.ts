/**
 * B1 (signups), B2 (link look-ups), B3 (admin commands), B7 (memory) and B4's lag under signup
 * load, against one service process; the load comes from the forked autocannon worker.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openEventsDatabase } from '../../src/infrastructure/event-store/sqlite/sqlite-events-table';
import { BenchContext, FULL } from '../lib/context';
import { LoadResult, LoadSpec } from '../lib/load';
import { runNode, tsWorker } from '../lib/processes';
import { note } from '../lib/progress';
import { compare } from '../lib/report';
import { api, createTenantsWithLinks, projectionLagMs, rssMiB, Service, startService } from '../lib/service';
import { median, percentile, seconds, sleep, summarize } from '../lib/stats';

/** X-Forwarded-For pools: each run gets addresses of its own, sized far below the limits. */
const SIGNUP_ADDRESSES = 1024;
const LOOKUP_ADDRESSES = 16_384;
let nextAddressOffset = 0;
const addresses = (size: number) => {
  const offset = nextAddressOffset;
  nextAddressOffset += size;
  return { addressPool: size, addressOffset: offset };
};

interface Sampler {
  stop(): Promise<{ rss: number[]; lag: number[] }>;
}

/** Samples the service's RSS (every 250 ms) and projection lag from /metrics (every 100 ms). */
function sample(service: Service): Sampler {
  const rss: number[] = [];
  const lag: number[] = [];
  let running = true;
  const rssLoop = (async () => {
    while (running) {
      rss.push(rssMiB(service.child.pid!));
      await sleep(250);
    }
  })();
  const lagLoop = (async () => {
    while (running) {
      const value = await projectionLagMs(service).catch(() => undefined);
      if (value !== undefined) lag.push(value);
      await sleep(100);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await Promise.all([rssLoop, lagLoop]);
      return { rss, lag };
    },
  };
}

function checkAnswers(label: string, result: LoadResult, problems: string[]): void {
  if (result.non2xx > 0 || result.errors > 0) {
    const text = `${label}: ${result.non2xx} non-2xx answers (${JSON.stringify(result.statusCodes)}), ${result.errors} errors`;
    problems.push(text);
    note(`warning: ${text}`);
  }
}

/**
 * Every rate limit of the service multiplied by this: B1 measures signup throughput, not the
 * limiter (one hot link takes thousands of signups a minute, past its default of 1000 per link).
 * The limiter still counts every request, so its cost stays in every figure.
 */
export const RATE_LIMIT_MULTIPLIER = 1000;

export async function httpWorkloads(ctx: BenchContext): Promise<void> {
  const { sizes, load } = ctx;
  const dataDir = join(ctx.tmp, 'service');
  note(`B1/B2/B3/B7: starting the service (dist/main.js, NODE_ENV=production, LOG_LEVEL=warn, RATE_LIMIT_MULTIPLIER=${RATE_LIMIT_MULTIPLIER})`);
  const service = await startService({ dataDir, env: { RATE_LIMIT_MULTIPLIER: String(RATE_LIMIT_MULTIPLIER) } });
  const problems: string[] = [];
  try {
    note(`setting up ${sizes.signupLinks} tenants with links for signups, one hot link and ${sizes.adminConnections} tenants for admin commands`);
    const signupTenants = await createTenantsWithLinks(service, sizes.signupLinks, 'signup');
    const [hotTenant] = await createTenantsWithLinks(service, 1, 'hot');
    const adminTenants = await createTenantsWithLinks(service, sizes.adminConnections, 'admin');
    const base = { url: service.baseUrl, runId: randomUUID().slice(0, 8) };

    // B7's reference: memory at idle, after start-up and set-up, before any load (one sample per
    // repetition, to pair with B1's). Not alternated: idle comes only once, and other processes'
    // CPU load does not change this process's RSS.
    const idle: number[] = [];
    for (let i = 0; i < sizes.repetitions; i++) {
      await sleep(300);
      idle.push(rssMiB(service.child.pid!));
    }

    // ---- B1: signups, against argon2id on all cores ---------------------------------------
    // Two independent figures, each paired with a reference of its own measured just before it:
    // signups spread over many links, and every signup on one hot link (one tenant stream).
    const spreadTokens = signupTenants.map((t) => t.token);
    const signupSpec = (tokens: readonly string[], durationSeconds: number): LoadSpec => ({
      ...base,
      runId: randomUUID().slice(0, 8),
      kind: 'signup',
      durationSeconds,
      connections: sizes.signupConnections,
      tokens,
      ...addresses(SIGNUP_ADDRESSES),
    });
    if (sizes.warmupSeconds > 0) {
      note('B1: warm-up (spread, then hot link)');
      await load.run(signupSpec(spreadTokens, sizes.warmupSeconds));
      await load.run(signupSpec([hotTenant.token], sizes.warmupSeconds));
    }
    const hashReference = async (): Promise<number> => {
      const reference = await runNode(tsWorker('argon2-reference.ts', String(sizes.argon2Seconds)));
      return (JSON.parse(reference.stdout) as { perSecond: number }).perSecond;
    };
    const spread = { hashes: [] as number[], signups: [] as number[], latency: [] as number[] };
    const hot = { hashes: [] as number[], signups: [] as number[], latency: [] as number[] };
    const steadyRss: number[] = [];
    const peakRss: number[] = [];
    const lagP50: number[] = [];
    const lagP99: number[] = [];
    let lagSamples = 0;
    const spreadPair = async (rep: number) => {
      note(`B1 ${rep}/${sizes.repetitions}: argon2id reference on all cores, then signups over ${spreadTokens.length} links`);
      spread.hashes.push(await hashReference());
      // B4's lag and B7's memory are sampled under this load only.
      const sampler = sample(service);
      const result = await load.run(signupSpec(spreadTokens, sizes.signupSeconds));
      const { rss, lag } = await sampler.stop();
      checkAnswers(`B1 (${spreadTokens.length} links) repetition ${rep}`, result, problems);
      spread.signups.push(result.okPerSecond);
      spread.latency.push(result.latencyMs.p99);
      steadyRss.push(median(rss.slice(Math.floor(rss.length / 2))));
      peakRss.push(Math.max(...rss));
      lagP50.push(percentile(lag, 50));
      lagP99.push(percentile(lag, 99));
      lagSamples += lag.length;
    };
    const hotPair = async (rep: number) => {
      note(`B1 ${rep}/${sizes.repetitions}: argon2id reference on all cores, then signups on one hot link`);
      hot.hashes.push(await hashReference());
      const result = await load.run(signupSpec([hotTenant.token], sizes.signupSeconds));
      checkAnswers(`B1 (one hot link) repetition ${rep}`, result, problems);
      hot.signups.push(result.okPerSecond);
      hot.latency.push(result.latencyMs.p99);
    };
    for (let rep = 1; rep <= sizes.repetitions; rep++) {
      // The store grows during the run: which pair goes first alternates too.
      if (rep % 2 === 1) {
        await spreadPair(rep);
        await hotPair(rep);
      } else {
        await hotPair(rep);
        await spreadPair(rep);
      }
    }
    const links = spreadTokens.length;
    const spreadWorkload = ctx.quick
      ? `signups over HTTP, ${links} links (quick mode; the full run spreads over ${FULL.signupLinks})`
      : `signups over HTTP, ${links} links`;
    ctx.results.push(
      compare({
        id: 'B1',
        backend: 'sqlite',
        workload: spreadWorkload,
        figure: { name: 'signups', unit: '/s', summary: summarize(spread.signups) },
        reference: { name: 'argon2id hashes, all cores', unit: '/s', summary: summarize(spread.hashes) },
        target: { comparison: '>=', value: 0.8 },
        details: { links, signupLatencyP99Ms: summarize(spread.latency), rateLimitMultiplier: RATE_LIMIT_MULTIPLIER },
      }),
      compare({
        id: 'B1',
        backend: 'sqlite',
        workload: 'signups over HTTP, one hot link',
        figure: { name: 'signups', unit: '/s', summary: summarize(hot.signups) },
        reference: { name: 'argon2id hashes, all cores', unit: '/s', summary: summarize(hot.hashes) },
        target: { comparison: '>=', value: 0.75 },
        details: { links: 1, signupLatencyP99Ms: summarize(hot.latency), rateLimitMultiplier: RATE_LIMIT_MULTIPLIER },
      }),
    );
    ctx.results.push({
      id: 'B4',
      backend: 'sqlite',
      workload: `projection lag p50 under B1 load (${links} links)`,
      figure: { name: 'lag p50', unit: 'ms', summary: summarize(lagP50) },
      details: {
        source: 'projection_milliseconds_behind from /metrics, sampled every 100 ms during B1 over many links',
        samples: lagSamples,
      },
    });
    ctx.results.push({
      id: 'B4',
      backend: 'sqlite',
      workload: `projection lag p99 under B1 load (${links} links)`,
      figure: { name: 'lag p99', unit: 'ms', summary: summarize(lagP99) },
    });
    ctx.results.push(
      compare({
        id: 'B7',
        backend: 'sqlite',
        workload: `steady-state RSS during B1 (${links} links)`,
        figure: { name: 'RSS under load', unit: 'MiB', summary: summarize(steadyRss) },
        reference: { name: 'RSS at idle', unit: 'MiB', summary: summarize(idle) },
        details: {
          peakRssDuringB1MiB: summarize(peakRss),
          steadyState: 'median of the samples of the second half of each run',
          reference: 'sampled at idle before any load, one sample per repetition (not alternated)',
        },
      }),
    );

    // ---- B2: public link look-up, against a trivial route of the same app -------------------
    const lookupPaths = signupTenants.slice(0, 8).map((t) => `/api/v1/invite-links/${t.token}`);
    const getSpec = (paths: string[], durationSeconds: number): LoadSpec => ({
      ...base,
      kind: 'get',
      durationSeconds,
      connections: sizes.lookupConnections,
      paths,
      ...addresses(LOOKUP_ADDRESSES),
    });
    if (sizes.warmupSeconds > 0) {
      note('B2: warm-up');
      await load.run(getSpec(lookupPaths, sizes.warmupSeconds));
      await load.run(getSpec(['/health/live'], sizes.warmupSeconds));
    }
    const trivial: number[] = [];
    const lookups: number[] = [];
    const lookupLatency: number[] = [];
    for (let rep = 1; rep <= sizes.repetitions; rep++) {
      note(`B2 ${rep}/${sizes.repetitions}: trivial route, then link look-ups`);
      const reference = await load.run(getSpec(['/health/live'], sizes.lookupSeconds));
      checkAnswers(`B2 reference repetition ${rep}`, reference, problems);
      trivial.push(reference.okPerSecond);
      const result = await load.run(getSpec(lookupPaths, sizes.lookupSeconds));
      checkAnswers(`B2 repetition ${rep}`, result, problems);
      lookups.push(result.okPerSecond);
      lookupLatency.push(result.latencyMs.p99);
    }
    ctx.results.push(
      compare({
        id: 'B2',
        backend: 'sqlite',
        workload: 'GET /api/v1/invite-links/:token',
        figure: { name: 'look-ups', unit: '/s', summary: summarize(lookups) },
        reference: { name: 'GET /health/live', unit: '/s', summary: summarize(trivial) },
        target: { comparison: '>=', value: 0.6 },
        details: { lookupLatencyP99Ms: summarize(lookupLatency) },
      }),
    );

    // ---- B3: admin commands over HTTP, against raw appends ----------------------------------
    const rawDir = join(ctx.tmp, 'b3-raw');
    mkdirSync(rawDir, { recursive: true });
    const raw = openEventsDatabase(join(rawDir, 'events.sqlite3'), 5000);
    const putSpec = (durationSeconds: number): LoadSpec => ({
      ...base,
      kind: 'put-role',
      durationSeconds,
      connections: sizes.adminConnections,
      tenants: adminTenants.map((t) => t.tenantId),
      authorization: `Bearer ${service.operatorToken}`,
      ...addresses(1),
    });
    if (sizes.warmupSeconds > 0) {
      note('B3: warm-up');
      await load.run(putSpec(sizes.warmupSeconds));
    }
    const appends: number[] = [];
    const commands: number[] = [];
    const commandLatency: number[] = [];
    try {
      for (let rep = 1; rep <= sizes.repetitions; rep++) {
        note(`B3 ${rep}/${sizes.repetitions}: raw appends (1 event per transaction, synchronous=FULL), then PUTs`);
        appends.push(rawAppends(raw, sizes.rawAppends));
        const result = await load.run(putSpec(sizes.adminSeconds));
        checkAnswers(`B3 repetition ${rep}`, result, problems);
        commands.push(result.okPerSecond);
        commandLatency.push(result.latencyMs.p99);
      }
    } finally {
      raw.close();
    }
    ctx.results.push(
      compare({
        id: 'B3',
        backend: 'sqlite',
        workload: 'PUT invite-link, alternating the default role',
        figure: { name: 'commands', unit: '/s', summary: summarize(commands) },
        reference: { name: 'raw appends, 1 event/tx', unit: '/s', summary: summarize(appends) },
        target: { comparison: '>=', value: 0.3 },
        details: {
          commandLatencyP99Ms: summarize(commandLatency),
          connections: sizes.adminConnections,
          reference:
            `${sizes.rawAppends} appends in the bench process with better-sqlite3 alone, one after the other: per append a transaction ` +
            'with the revision check and one insert into the event table (WAL, synchronous=FULL), without the adapter, so the ' +
            'reference does not move with the code under test',
        },
      }),
    );
    // Each user exists once: a sanity check that the signups really created accounts.
    const users = await api<{ items: unknown[] }>(service, 'GET', `/api/v1/tenants/${signupTenants[0].tenantId}/users`);
    ctx.parameters.http = {
      signupLinks: sizes.signupLinks,
      hotLinks: 1,
      rateLimitMultiplier: RATE_LIMIT_MULTIPLIER,
      adminTenants: sizes.adminConnections,
      usersListedOnFirstSignupLinkFirstPage: users.items.length,
      problems,
    };
  } finally {
    await service.stop();
  }
}

/** The B3 reference: one event per transaction on one stream, the adapter's durability. */
/**
 * The floor under any durable append: per append one transaction with the revision check and
 * one insert, each commit synced, on the event store's own table and settings, without the
 * adapter (no chaining, no idempotency check, no worker, no grouping).
 */
function rawAppends(db: Database.Database, operations: number): number {
  const stream = `raw-${randomUUID()}`;
  const revisionOf = db.prepare<[string], { revision: number | null }>('SELECT MAX(revision) AS revision FROM events WHERE stream_name = ?');
  const insert = db.prepare(
    'INSERT INTO events (id, stream_name, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const append = db.transaction((i: number) => {
    const { revision } = revisionOf.get(stream)!;
    if ((revision ?? -1) !== i - 1) throw new Error(`raw appends: revision ${revision} where ${i - 1} was expected`);
    const at = new Date().toISOString();
    insert.run(
      randomUUID(),
      stream,
      i,
      'InviteLinkDefaultRoleChanged',
      JSON.stringify({ from: i % 2 ? 'technician' : 'member', to: i % 2 ? 'member' : 'technician' }),
      JSON.stringify({ actor: { type: 'system' }, correlationId: randomUUID(), at }),
      at,
    );
  });
  const started = process.hrtime.bigint();
  for (let i = 0; i < operations; i++) append.immediate(i);
  return operations / seconds(started);
}
