/**
 * B6: latency of an admin command (PUT alternating the default role) on a link with many past
 * signups, against the same command on a fresh link of the same service. Measured on a freshly
 * started process (the first command on each tenant: nothing cached) and warm (later commands).
 */
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { tenantDecider } from '../../src/modules/tenancy/domain/tenant.decider';
import { tenantStream } from '../../src/modules/tenancy/domain/tenant.events';
import { systemClock } from '../../src/shared/application/clock';
import { EventSourcedRepository } from '../../src/shared/application/event-sourced-repository';
import { BenchContext } from '../lib/context';
import { appendSignups } from '../lib/history';
import { note, throttled } from '../lib/progress';
import { compare } from '../lib/report';
import { createTenantsWithLinks, Service, startService, waitCaughtUp } from '../lib/service';
import { median, summarize } from '../lib/stats';

async function timedPut(service: Service, tenantId: string, defaultRoleId: string): Promise<number> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${service.baseUrl}/api/v1/tenants/${tenantId}/invite-link`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${service.operatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ defaultRoleId }),
  });
  await response.arrayBuffer();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!response.ok) throw new Error(`PUT invite-link answered ${response.status}`);
  return ms;
}

export async function longLinkScenario(ctx: BenchContext): Promise<void> {
  const { sizes } = ctx;
  const dataDir = join(ctx.tmp, 'b6');
  // Same secrets for every start, so that the tokens issued at set-up stay valid.
  const env: Record<string, string> = {};
  let service = await startService({ dataDir });
  for (const key of ['SESSION_SECRET', 'TOKEN_SECRET', 'OPERATOR_TOKEN']) env[key] = service.env[key];
  const [warmup, fresh, long] = await createTenantsWithLinks(service, 3, 'b6');
  await service.stop();

  note(`B6: appending ${sizes.longLinkSignups.toLocaleString('en-US')} signups to one link (4 events each)`);
  const progress = throttled(2000, note);
  await appendSignups(join(dataDir, 'events.sqlite3'), long.tenantId, sizes.longLinkSignups, (written, total) =>
    progress(`B6: generated ${written.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} events`),
  );

  // The service loads a tenant stream at every signup, so a live link has a recent snapshot
  // (SNAPSHOT_EVERY); the generated history bypassed the service: load it once the same way.
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite3'));
  const foldStarted = process.hrtime.bigint();
  await new EventSourcedRepository(store, systemClock).load(tenantStream(long.tenantId), tenantDecider);
  const fullFoldMs = Number(process.hrtime.bigint() - foldStarted) / 1e6;
  await store.close();

  const coldFresh: number[] = [];
  const coldLong: number[] = [];
  const warmFresh: number[] = [];
  const warmLong: number[] = [];
  let role = 0;
  const nextRole = () => (role++ % 2 === 0 ? 'technician' : 'member');
  for (let rep = 1; rep <= sizes.repetitions; rep++) {
    note(`B6 ${rep}/${sizes.repetitions}: fresh service process; first command on each link, then warm ones`);
    service = await startService({ dataDir, env });
    try {
      await waitCaughtUp(service);
      // Warm the process itself (JIT, connections) on a third tenant, not the two compared.
      for (let i = 0; i < 30; i++) await timedPut(service, warmup.tenantId, nextRole());
      // The first command on each: its stream is not cached yet. Alternate which goes first.
      const order = rep % 2 === 1 ? [fresh, long] : [long, fresh];
      for (const tenant of order) {
        const ms = await timedPut(service, tenant.tenantId, nextRole());
        (tenant === fresh ? coldFresh : coldLong).push(ms);
      }
      const freshSamples: number[] = [];
      const longSamples: number[] = [];
      for (let i = 0; i < sizes.latencySamples; i++) {
        freshSamples.push(await timedPut(service, fresh.tenantId, nextRole()));
        longSamples.push(await timedPut(service, long.tenantId, nextRole()));
      }
      warmFresh.push(median(freshSamples));
      warmLong.push(median(longSamples));
    } finally {
      await service.stop();
    }
  }
  const past = `${sizes.longLinkSignups.toLocaleString('en-US')} past signups`;
  ctx.results.push(
    compare({
      id: 'B6',
      backend: 'sqlite',
      workload: `PUT latency, first after start, link with ${past}`,
      figure: { name: 'long link', unit: 'ms', summary: summarize(coldLong) },
      reference: { name: 'fresh link', unit: 'ms', summary: summarize(coldFresh) },
      target: { comparison: '<=', value: 1.5 },
      details: {
        pastSignups: sizes.longLinkSignups,
        foldFromStartMs: fullFoldMs,
        note: 'foldFromStartMs: one in-process load of the long tenant stream without a snapshot (what a first command cost before snapshots)',
      },
    }),
  );
  ctx.results.push(
    compare({
      id: 'B6',
      backend: 'sqlite',
      workload: `PUT latency, warm (median of ${sizes.latencySamples}), link with ${past}`,
      figure: { name: 'long link', unit: 'ms', summary: summarize(warmLong) },
      reference: { name: 'fresh link', unit: 'ms', summary: summarize(warmFresh) },
      target: { comparison: '<=', value: 1.5 },
    }),
  );
}
