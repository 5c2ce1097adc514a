/**
 * A first in-process benchmark (issue 7 brings the full harness): how much the write path of
 * an admin command (load the cached tenant state, decide, append with the expected revision)
 * costs on top of a raw append of one event per transaction to the same SQLite store with the
 * same durability (WAL, synchronous=FULL). Run: `npm run bench:write-path`.
 * Raw appends and commands alternate (raw, commands, raw, commands…); prints min/median/max of 3
 * repetitions and the median of the pairs' ratios (commands i ÷ raw i, measured back to back).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { tenantDecider } from '../src/modules/tenancy/domain/tenant.decider';
import { tenantStream } from '../src/modules/tenancy/domain/tenant.events';
import { systemClock } from '../src/shared/application/clock';
import { EventSourcedRepository } from '../src/shared/application/event-sourced-repository';
import { median } from './lib/stats';

const OPERATIONS = Number(process.env.BENCH_OPERATIONS ?? 2000);
const REPETITIONS = 3;
const context = { actor: { type: 'system' as const }, correlationId: 'bench' };

async function rawAppends(store: SqliteEventStore): Promise<number> {
  const stream = `raw-${randomUUID()}`;
  const started = process.hrtime.bigint();
  for (let i = 0; i < OPERATIONS; i++) {
    await store.appendToStream(
      stream,
      [{ id: randomUUID(), type: 'Raw', data: { i }, metadata: { ...context, at: new Date().toISOString() } }],
      { expectedRevision: i === 0 ? 'no_stream' : i - 1 },
    );
  }
  return OPERATIONS / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function roleChanges(repository: EventSourcedRepository): Promise<number> {
  const tenantId = randomUUID();
  const stream = tenantStream(tenantId);
  await repository.decideAndAppend(stream, tenantDecider, { type: 'CreateTenant', tenantId, mspId: randomUUID(), name: 'Bench' }, context);
  const token = { hash: 'bench', ciphertext: 'bench' };
  const started = process.hrtime.bigint();
  for (let i = 0; i < OPERATIONS; i++) {
    const defaultRoleId = i % 2 === 0 ? 'member' : 'technician';
    await repository.decideAndAppend(stream, tenantDecider, { type: 'UpdateInviteLink', defaultRoleId, newToken: token }, context);
  }
  return OPERATIONS / (Number(process.hrtime.bigint() - started) / 1e9);
}

const summary = (values: number[]) =>
  `min ${Math.min(...values).toFixed(0)}  median ${median(values).toFixed(0)}  max ${Math.max(...values).toFixed(0)} ops/s`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-write-path-'));
  const store = new SqliteEventStore(join(dir, 'events.sqlite3'));
  const repository = new EventSourcedRepository(store, systemClock);
  const raw: number[] = [];
  const commands: number[] = [];
  try {
    for (let rep = 1; rep <= REPETITIONS; rep++) {
      process.stderr.write(`repetition ${rep}/${REPETITIONS}: raw appends…`);
      raw.push(await rawAppends(store));
      process.stderr.write(' admin commands…');
      commands.push(await roleChanges(repository));
      process.stderr.write(' done\n');
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`operations per repetition: ${OPERATIONS}; node ${process.version}`);
  console.log(`raw appends (1 event/tx, FULL):     ${summary(raw)}`);
  console.log(`admin command (load, decide, append): ${summary(commands)}`);
  const pairs = commands.map((value, i) => value / raw[i]);
  console.log(
    `ratio (median of commands i / raw i):  ${median(pairs).toFixed(2)} (pairs ${Math.min(...pairs).toFixed(2)}–${Math.max(...pairs).toFixed(2)}; ` +
      `of the medians ${(median(commands) / median(raw)).toFixed(2)})`,
  );
}

void main();
