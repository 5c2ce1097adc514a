import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { RecordedEvent } from '../../src/shared/application/event-store.port';
import { eventHash, hashedContentOf, integrityOf } from '../../src/shared/domain/audit-chain';

/**
 * Durability of group commit against a real crash: a child process runs the BUILT adapter (so its
 * writer thread starts from dist/, as in production) and keeps 32 appends in flight, each of three
 * events, to its own streams with exact expected revisions and to one hot stream shared by all
 * (several appends to one stream in a group). It prints each acknowledgement as it resolves; the
 * test kills it with SIGKILL in the middle of the burst. Afterwards every acknowledged append is
 * stored, every stored append is whole (all three events, consecutive revisions), and every
 * stream's chain verifies.
 */
const ADAPTER = join(__dirname, '../../dist/infrastructure/event-store/sqlite/sqlite-event-store.js');
const EVENTS_PER_APPEND = 3;

const CHILD_SCRIPT = `
  const { randomUUID } = require('node:crypto');
  const { SqliteEventStore } = require(process.env.ADAPTER);
  const store = new SqliteEventStore(process.env.DB_FILE);
  const metadata = { actor: { type: 'system' }, at: new Date().toISOString(), correlationId: randomUUID() };
  let appends = 0;
  const batch = (append) =>
    Array.from({ length: ${EVENTS_PER_APPEND} }, (_, part) => ({ id: randomUUID(), type: 'BurstAppended', data: { append, part }, metadata }));
  const acknowledge = (stream, events) => {
    // Writes to a pipe are synchronous on Linux: once this line is out, the append had resolved.
    process.stdout.write('ACK ' + stream + ' ' + events.map((event) => event.id).join(',') + '\\n');
  };
  async function lane(index) {
    const own = 'burst-' + index;
    for (let revision = -1; ; revision += ${EVENTS_PER_APPEND}) {
      const mine = batch(appends++);
      await store.appendToStream(own, mine, { expectedRevision: revision < 0 ? 'no_stream' : revision });
      acknowledge(own, mine);
      const shared = batch(appends++);
      await store.appendToStream('burst-hot', shared, { expectedRevision: 'any' });
      acknowledge('burst-hot', shared);
      if (appends % 64 < 2) {
        const { transactions, writes } = store.writerStats();
        process.stdout.write('STATS ' + transactions + ' ' + writes + '\\n');
      }
    }
  }
  for (let index = 0; index < 32; index++) lane(index).catch((error) => { console.error(error); process.exit(1); });
`;

describe('group commit survives kill -9 in the middle of a burst', () => {
  jest.setTimeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'group-commit-crash-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged append, and no append is half there', async () => {
    const file = join(dir, 'events.sqlite3');
    const child = spawn(process.execPath, ['-e', CHILD_SCRIPT], {
      env: { ...process.env, ADAPTER, DB_FILE: file, NODE_PATH: join(__dirname, '../../node_modules') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    const acknowledged: { stream: string; ids: string[] }[] = [];
    let stats = { transactions: 0, writes: 0 };
    for await (const line of createInterface({ input: child.stdout })) {
      const [kind, ...fields] = line.split(' ');
      if (kind === 'ACK') acknowledged.push({ stream: fields[0], ids: fields[1].split(',') });
      if (kind === 'STATS') stats = { transactions: Number(fields[0]), writes: Number(fields[1]) };
      if (acknowledged.length === 600) child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    // The appends were grouped: fewer transactions than writes.
    expect(stats.writes).toBeGreaterThan(0);
    expect(stats.transactions).toBeLessThan(stats.writes);

    const store = new SqliteEventStore(file);
    const all = await store.readAll();
    await store.close();

    const stored = new Map(all.map((event) => [event.id, event]));
    const lost = acknowledged.flatMap(({ stream, ids }) => ids.filter((id) => stored.get(id)?.streamName !== stream));
    expect(lost).toEqual([]);
    // More was in flight than acknowledged: the kill came in the middle of the burst.
    expect(all.length).toBeGreaterThanOrEqual(acknowledged.length * EVENTS_PER_APPEND);

    const byAppend = new Map<number, RecordedEvent[]>();
    for (const event of all) {
      const append = event.data.append as number;
      byAppend.set(append, [...(byAppend.get(append) ?? []), event]);
    }
    const broken = [...byAppend.entries()].filter(
      ([, events]) =>
        events.length !== EVENTS_PER_APPEND ||
        events.some((event, part) => event.data.part !== part || event.revision !== events[0].revision + part),
    );
    expect(broken).toEqual([]);

    const streams = new Map<string, RecordedEvent[]>();
    for (const event of all) streams.set(event.streamName, [...(streams.get(event.streamName) ?? []), event]);
    expect(streams.size).toBe(33);
    for (const events of streams.values()) {
      expect(events.map((event) => event.revision)).toEqual(events.map((_, revision) => revision));
      let prev: string | null = null;
      for (const event of events) {
        expect(integrityOf(event.metadata)).toEqual({ prev, hash: eventHash(hashedContentOf(event), prev) });
        prev = integrityOf(event.metadata)?.hash ?? null;
      }
    }
  });
});
