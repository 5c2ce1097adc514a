/**
 * The audit tools' worker threads (src/cli/log-workers.ts), from the built CLI's own files:
 * whatever the page size and the number of threads, they hand out exactly the hashed events
 * (audit:verify) and export lines (audit:export) the main thread computes, in position order, up
 * to the head asked for, with the gaps a deletion leaves; and they stop cleanly when the walk
 * stops early or a row cannot be read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { AUDIT_CHECKPOINT_STREAM } from '../../src/modules/audit/domain/audit-checkpoint';
import { HashedEvent } from '../../src/modules/audit/application/verification/log-check';
import { eventsOfStore } from '../../src/modules/audit/application/verification/verify-log';
import { AuditExportSelection, exportAuditEvents, ExportedPage } from '../../src/modules/audit/application/audit-export';

type Workers = typeof import('../../src/cli/log-workers');
// The built module: its worker threads load the built log-worker.js beside it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { hashedInWorkers, exportedInWorkers } = require(join(__dirname, '../../dist/cli/log-workers.js')) as Workers;

const root = mkdtempSync(join(tmpdir(), 'verify-threads-'));
const file = join(root, 'events.sqlite3');
const EVENTS = 40;

/** Two MSPs' tenants (a and c: their streams start with TenantCreated), an account and a checkpoint, interleaved. */
beforeAll(async () => {
  const store = new SqliteEventStore(file);
  const streams = ['tenant-a', 'account-b', 'tenant-c', 'msp-m1'];
  const revisions = new Map<string, number>();
  for (let n = 0; n < EVENTS; n++) {
    const stream = n === 20 ? AUDIT_CHECKPOINT_STREAM : streams[n % streams.length];
    const revision = revisions.get(stream) ?? -1;
    const created = revision < 0 && stream.startsWith('tenant-');
    await store.appendToStream(
      stream,
      [
        {
          id: randomUUID(),
          type: stream === AUDIT_CHECKPOINT_STREAM ? 'AuditCheckpointRecorded' : created ? 'TenantCreated' : 'SomethingHappened',
          data: created
            ? { tenantId: stream.slice('tenant-'.length), mspId: stream === 'tenant-a' ? 'm1' : 'm2', name: stream }
            : { n, passwordHash: stream === 'account-b' ? `h${n}` : undefined },
          metadata: { actor: { type: 'system' }, at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), correlationId: randomUUID(), schemaVersion: 1 },
        },
      ],
      { expectedRevision: revision < 0 ? 'no_stream' : revision },
    );
    revisions.set(stream, revision + 1);
  }
  await store.close();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function all(pages: AsyncIterable<readonly HashedEvent[]>): Promise<HashedEvent[]> {
  const events: HashedEvent[] = [];
  for await (const page of pages) events.push(...page);
  return events;
}

/** What the main thread computes for the same store (AUDIT_THREADS=0). */
async function inMainThread(storeFile: string, upTo: number | undefined): Promise<HashedEvent[]> {
  const store = new SqliteEventStore(storeFile);
  try {
    return await all(eventsOfStore(store, { upTo }));
  } finally {
    await store.close();
  }
}

/** A copy of the store to edit. */
function aCopy(): string {
  const copy = join(mkdtempSync(join(root, 'copy-')), 'events.sqlite3');
  const source = new Database(file, { readonly: true });
  source.exec(`VACUUM INTO '${copy}'`);
  source.close();
  return copy;
}

describe('audit:verify hashing in worker threads', () => {
  it.each([
    [1, 1000],
    [2, 7],
    [3, 1],
    [5, 13],
  ])('with %i thread(s) and pages of %i positions, hands out what the main thread computes, in order', async (threads, pageSize) => {
    const expected = await inMainThread(file, EVENTS);
    expect(expected).toHaveLength(EVENTS);
    expect(await all(hashedInWorkers({ file, upTo: EVENTS, threads, pageSize }))).toEqual(expected);
    // Only the checkpoint's payload travels: the checks read no other.
    expect(expected.filter((event) => event.data !== undefined).map((event) => event.streamName)).toEqual([AUDIT_CHECKPOINT_STREAM]);
  });

  it('stops at the head it was given, and hands out nothing for an empty log', async () => {
    const events = await all(hashedInWorkers({ file, upTo: 23, threads: 2, pageSize: 5 }));
    expect(events.map((event) => event.position)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(await all(hashedInWorkers({ file, upTo: undefined, threads: 2 }))).toEqual([]);
  });

  it('leaves the gaps of deleted events, as the main thread does, for the chain check to name', async () => {
    const copy = aCopy();
    const db = new Database(copy);
    db.prepare('DELETE FROM events WHERE position IN (8, 15, 16)').run();
    db.close();
    const events = await all(hashedInWorkers({ file: copy, upTo: EVENTS, threads: 2, pageSize: 5 }));
    expect(events).toEqual(await inMainThread(copy, EVENTS));
    expect(events.map((event) => event.position)).not.toContain(15);
    expect(events).toHaveLength(EVENTS - 3);
  });

  it('stops its threads when the walk stops after the first page', async () => {
    const pages = hashedInWorkers({ file, upTo: EVENTS, threads: 3, pageSize: 2 });
    for await (const page of pages) {
      expect(page.map((event) => event.position)).toEqual([1, 2]);
      break;
    }
    // Nothing is left running: a second walk starts and finishes as the first would.
    expect(await all(hashedInWorkers({ file, upTo: 4, threads: 1 }))).toHaveLength(4);
  });

  it('fails with the reason when a row cannot be read, as the main thread does', async () => {
    const copy = aCopy();
    const db = new Database(copy);
    db.prepare('UPDATE events SET data = ? WHERE position = 30').run('{not json');
    db.close();
    await expect(all(hashedInWorkers({ file: copy, upTo: EVENTS, threads: 2, pageSize: 4 }))).rejects.toThrow(/JSON/);
    await expect(inMainThread(copy, EVENTS)).rejects.toThrow(/JSON/);
  });
});

describe('audit:export building its lines in worker threads', () => {
  /** The lines and counts the main thread writes (AUDIT_THREADS=0). */
  async function exportedHere(selection: AuditExportSelection): Promise<{ text: string; examined: number; written: number }> {
    const store = new SqliteEventStore(file);
    let text = '';
    try {
      const result = await exportAuditEvents({ store, ...selection, write: async (chunk) => void (text += chunk), pageSize: 6 });
      return { text, examined: result.examined, written: result.written };
    } finally {
      await store.close();
    }
  }

  async function exportedThere(selection: AuditExportSelection, threads: number, pageSize: number) {
    let text = '';
    let examined = 0;
    let written = 0;
    for await (const page of exportedInWorkers({ file, upTo: EVENTS, threads, pageSize, selection }) as AsyncIterable<ExportedPage>) {
      text += page.chunk;
      examined += page.examined;
      written += page.written;
    }
    return { text, examined, written };
  }

  const instant = (second: number) => Date.UTC(2026, 0, 1, 0, 0, second);

  it.each([
    ['everything', {}],
    ["one MSP's (its tenant's MSP learnt from the tenant's first event, on another page)", { mspId: 'm1' }],
    ["one tenant's", { tenantId: 'c' }],
    ['a time window', { filter: { from: instant(5), to: instant(33) } }],
  ] as Array<[string, AuditExportSelection]>)('writes exactly the lines of the main thread for %s', async (_name, selection) => {
    const expected = await exportedHere(selection);
    expect(expected.examined).toBe(EVENTS);
    expect(expected.written).toBeGreaterThan(0);
    for (const [threads, pageSize] of [[1, 1000], [2, 3], [3, 1]]) {
      expect(await exportedThere(selection, threads, pageSize)).toEqual(expected);
    }
  });

  it('places a tenant in its MSP even when the page that created it went to another thread', async () => {
    const { text } = await exportedThere({ mspId: 'm2' }, 3, 2);
    const sources = new Set(text.trimEnd().split('\n').map((line) => (JSON.parse(line) as { source: string }).source));
    expect([...sources]).toEqual(['/msps/m2/tenants/c']);
  });
});
