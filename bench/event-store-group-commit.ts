/**
 * The SQLite event store's write path, this version against a reference commit's, in the same run:
 * appends/s one after the other and with 16 appends in flight, and the longest the event loop was
 * held meanwhile. Runs alternate (reference, current, reference, …) so
 * a change of load hits both; each ratio is taken within one pair and the median is reported.
 *
 *   node --require ./test/support/register-ts.js bench/event-store-group-commit.ts [--reference <git rev>] [--pairs 3] [--appends 400]
 *
 * The reference's src/ is taken out of git into a temporary directory and loaded from there.
 * A measurement, not a test: no figure is asserted anywhere.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { EventStore, EventToAppend } from '../src/shared/application/event-store.port';
import { sourcesOf } from './lib/baseline';
import { median } from './lib/stats';

type StoreClass = new (file: string) => EventStore;

const { values } = parseArgs({
  options: {
    reference: { type: 'string', default: '58f2490^' },
    pairs: { type: 'string', default: '3' },
    appends: { type: 'string', default: '400' },
  },
});
const pairs = Number(values.pairs);
const appends = Number(values.appends);
const LANES = 16;

interface Figures {
  readonly sequential: number;
  readonly concurrent: number;
  /** The longest stretch the event loop could not run a timer, with 16 appends in flight. */
  readonly loopHeldMs: number;
}

async function measure(Store: StoreClass, dir: string): Promise<Figures> {
  const store = new Store(join(dir, `events-${randomUUID()}.sqlite3`));
  // Not timed: the writer thread's start, if the version has one.
  await store.appendToStream(`warm-${randomUUID()}`, [anEvent()], { expectedRevision: 'no_stream' });

  let started = performance.now();
  for (let index = 0; index < appends; index++) {
    await store.appendToStream(`sequential-${randomUUID()}`, [anEvent()], { expectedRevision: 'no_stream' });
  }
  const sequential = appends / ((performance.now() - started) / 1000);

  const loop = loopProbe();
  started = performance.now();
  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      const stream = `lane-${lane}-${randomUUID()}`;
      for (let revision = -1; revision < appends / LANES - 1; revision++) {
        await store.appendToStream(stream, [anEvent()], { expectedRevision: revision < 0 ? 'no_stream' : revision });
      }
    }),
  );
  const concurrent = appends / ((performance.now() - started) / 1000);
  const loopHeldMs = loop.stop();
  await store.close();
  return { sequential, concurrent, loopHeldMs };
}

/**
 * A 1 ms interval timer: the longest gap between its runs is the longest the loop was held. (A
 * store whose appends never yield to the loop gives it no turn at all until the run ends, which
 * an event-loop-delay histogram would not sample.)
 */
function loopProbe(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(longest, performance.now() - last);
    },
  };
}

function anEvent(): EventToAppend {
  return {
    id: randomUUID(),
    type: 'BenchAppended',
    data: { value: randomUUID() },
    metadata: { actor: { type: 'system' }, at: new Date().toISOString(), correlationId: randomUUID() },
  };
}

const format = (figures: Figures): string =>
  `sequential ${figures.sequential.toFixed(0)}/s, 16 in flight ${figures.concurrent.toFixed(0)}/s, ` +
  `loop held at most ${figures.loopHeldMs.toFixed(1)} ms`;

async function main(): Promise<void> {
  const work = mkdtempSync(join(process.cwd(), '.bench-group-commit-'));
  try {
    const referenceDir = sourcesOf(values.reference, work).root;
    const adapter = 'src/infrastructure/event-store/sqlite/sqlite-event-store';
    const load = async (dir: string): Promise<StoreClass> =>
      ((await import(join(dir, adapter))) as { SqliteEventStore: StoreClass }).SqliteEventStore;
    const versions: [string, StoreClass][] = [
      [`reference ${values.reference}`, await load(referenceDir)],
      ['current', await load(process.cwd())],
    ];
    console.log(`load average before: ${loadavg().map((load) => load.toFixed(2)).join(' ')}`);
    const ratios = { sequential: [] as number[], concurrent: [] as number[] };
    for (let pair = 1; pair <= pairs; pair++) {
      const [reference, current] = [await measure(versions[0][1], work), await measure(versions[1][1], work)];
      console.log(`pair ${pair}: ${versions[0][0]}: ${format(reference)}`);
      console.log(`pair ${pair}: ${versions[1][0]}: ${format(current)}`);
      ratios.sequential.push(current.sequential / reference.sequential);
      ratios.concurrent.push(current.concurrent / reference.concurrent);
    }
    console.log(`load average after: ${loadavg().map((load) => load.toFixed(2)).join(' ')}`);
    console.log(
      `current ÷ reference, median of ${pairs} pairs: sequential ${median(ratios.sequential).toFixed(2)}×, ` +
        `16 in flight ${median(ratios.concurrent).toFixed(2)}×`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
