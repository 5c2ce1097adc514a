import { generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../../../infrastructure/event-store/sqlite/sqlite-event-store';
import { systemClock } from '../../../../shared/application/clock';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { RecordedEvent } from '../../../../shared/application/event-store.port';
import { GENESIS_DIGEST, nextLogDigest } from '../../../../shared/domain/audit-chain';
import { AUDIT_CHECKPOINT_STREAM, CheckpointData, keyIdOf, signCheckpoint } from '../../domain/audit-checkpoint';
import { Alteration } from '../verification/log-check';
import { CheckpointWriter, recomputedHash } from './audit-checkpointer';
import { checkpointCheck, firstDifference, isCheckpointEvent, SIGNATURE_NOT_VALID } from './checkpoint-check';

const root = mkdtempSync(join(tmpdir(), 'audit-checkpoints-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const opened: SqliteEventStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

function openStore(file = join(root, `events-${randomUUID()}.sqlite3`)): { store: SqliteEventStore; file: string } {
  const store = new SqliteEventStore(file, { pollIntervalMs: 20 });
  opened.push(store);
  return { store, file };
}

const metadata = { actor: { type: 'operator' as const }, at: '2026-05-11T09:00:00.000Z', correlationId: 'spec' };

async function append(store: SqliteEventStore, stream: string, n = 1): Promise<void> {
  for (let i = 0; i < n; i++) {
    await store.appendToStream(stream, [{ id: randomUUID(), type: 'SomethingHappened', data: { i }, metadata }], {
      expectedRevision: 'any',
    });
  }
}

function aWriter(store: SqliteEventStore, settings: { every?: number; signingKey?: KeyObject } = {}): CheckpointWriter {
  return new CheckpointWriter(store, new EventSourcedRepository(store, systemClock), {
    every: settings.every ?? 1000,
    intervalMs: 1000,
    signingKey: settings.signingKey,
  });
}

/** What graceful shutdown does: read to the end, checkpointing whatever is new. */
async function drain(writer: CheckpointWriter): Promise<void> {
  while (!(await writer.step(true)));
}

/** The verifier's walk, reduced to what the checkpoint check needs: hash and running digest per event. */
function verify(events: readonly RecordedEvent[], verifyKey?: KeyObject): { alteration?: Alteration; notes: string[] } {
  const check = checkpointCheck({ verifyKey });
  let digest = GENESIS_DIGEST;
  for (const event of events) {
    const hash = recomputedHash(event);
    digest = nextLogDigest(digest, event.position, hash);
    const alteration = check.onEvent({ ...event, hash, stored: event.metadata.integrity, digest });
    if (alteration) return { alteration, notes: [] };
  }
  const alteration = check.onEnd({ count: events.length, position: events[events.length - 1]?.position, digest });
  return { alteration, notes: check.notes() };
}

const checkpointsOf = (events: readonly RecordedEvent[]): CheckpointData[] =>
  events.filter(isCheckpointEvent).map((event) => event.data as unknown as CheckpointData);

describe('CheckpointWriter', () => {
  it('checkpoints every event of the log, earlier checkpoints included, and nothing when only checkpoints are new', async () => {
    const { store } = openStore();
    const writer = aWriter(store);
    await append(store, 'tenant-a', 3);
    await drain(writer);
    await append(store, 'tenant-b', 2);
    await drain(writer);
    await drain(writer);
    const events = await store.readAll();
    const checkpoints = checkpointsOf(events);
    expect(checkpoints.map(({ afterPosition, upToPosition, count }) => ({ afterPosition, upToPosition, count }))).toEqual([
      { afterPosition: null, upToPosition: 3, count: 3 },
      // The second one covers the first checkpoint (position 4) and the two new events.
      { afterPosition: 3, upToPosition: 6, count: 3 },
    ]);
    expect(checkpoints[1].entries.map(([position]) => position)).toEqual([4, 5, 6]);
    expect(events.find((event) => isCheckpointEvent(event))?.metadata.actor).toEqual({ type: 'system' });
    expect(verify(events)).toEqual({
      alteration: undefined,
      notes: ['checkpoints: 2 verified, up to position 6', 'not yet checkpointed: 1 event after position 6 (checked by their stream chains only)'],
    });
  });

  it('covers at most `every` events per checkpoint, so memory stays bounded while it catches up with an old log', async () => {
    const { store } = openStore();
    await append(store, 'tenant-a', 12);
    await drain(aWriter(store, { every: 5 }));
    const counts = checkpointsOf(await store.readAll()).map((checkpoint) => checkpoint.count);
    expect(counts.every((count) => count <= 5)).toBe(true);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(12);
    expect(verify(await store.readAll()).alteration).toBeUndefined();
  });

  it('anchors events written before the chain (no integrity stored): their hashes are recomputed with prev null', async () => {
    const { store } = openStore();
    const { db } = store as unknown as { db: import('better-sqlite3').Database };
    const insert = db.prepare('INSERT INTO events (id, stream_name, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (let revision = 0; revision < 3; revision++) {
      insert.run(randomUUID(), 'tenant-old', revision, 'SomethingHappened', JSON.stringify({ revision }), JSON.stringify(metadata), new Date().toISOString());
    }
    await drain(aWriter(store));
    const events = await store.readAll();
    expect(events.slice(0, 3).every((event) => event.metadata.integrity === undefined)).toBe(true);
    expect(checkpointsOf(events)[0]).toMatchObject({ afterPosition: null, upToPosition: 3, count: 3 });
    expect(verify(events).alteration).toBeUndefined();
    // From now on, a change to an old event breaks the checkpoint that anchored it.
    const changed = events.map((event) => (event.position === 2 ? { ...event, data: { revision: 99 } } : event));
    expect(verify(changed).alteration).toEqual({ position: 2, reason: expect.stringMatching(/^not the event recorded at this position/) });
  });

  it('signs checkpoints with AUDIT_SIGNING_KEY', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const { store } = openStore();
    await append(store, 'tenant-a', 2);
    await drain(aWriter(store, { signingKey: privateKey }));
    const events = await store.readAll();
    expect(checkpointsOf(events)[0].keyId).toBe(keyIdOf(publicKey));
    expect(verify(events, publicKey).notes[0]).toBe(`checkpoints: 1 verified, up to position 2, each signed by AUDIT_VERIFY_KEY (key ${keyIdOf(publicKey)})`);
  });

  it('two instances on one store never write overlapping checkpoints: the loser continues after the winner', async () => {
    const { store: first, file } = openStore();
    const { store: second } = openStore(file);
    const writers = [aWriter(first, { every: 4 }), aWriter(second, { every: 4 })];
    // Both race for the same checkpoint, or one has read further than the other when they race.
    for (let round = 0; round < 40; round++) {
      const [mine, theirs] = round % 2 === 0 ? [first, second] : [second, first];
      await append(mine, `tenant-${round % 3}`, 1 + (round % 4));
      if (round % 3 === 0) await writers[round % 2].step();
      await Promise.all([writers[0].step(true), append(theirs, 'tenant-x'), writers[1].step(round % 2 === 0)]);
    }
    await Promise.all(writers.map(drain));
    const events = await first.readAll();
    const checkpoints = checkpointsOf(events);
    expect(checkpoints.length).toBeGreaterThan(3);
    checkpoints.forEach((checkpoint, index) => {
      expect(checkpoint.afterPosition).toBe(index === 0 ? null : checkpoints[index - 1].upToPosition);
    });
    const covered = checkpoints.flatMap((checkpoint) => checkpoint.entries.map(([position]) => position));
    expect(new Set(covered).size).toBe(covered.length);
    expect(verify(events).alteration).toBeUndefined();
    expect((await first.readStream(AUDIT_CHECKPOINT_STREAM)).length).toBe(checkpoints.length);
  });
});

describe('checkpointCheck', () => {
  const keys = generateKeyPairSync('ed25519');

  /** Four streams interleaved and checkpointed, then two more events after the checkpoint. */
  async function aCheckpointedLog(signingKey?: KeyObject): Promise<RecordedEvent[]> {
    const { store } = openStore();
    for (const stream of ['tenant-a', 'tenant-b', 'tenant-a', 'msp-m', 'tenant-b', 'user-u']) await append(store, stream);
    await drain(aWriter(store, { signingKey }));
    await append(store, 'tenant-a');
    return store.readAll();
  }

  it('passes an unaltered log and reports the events after the last checkpoint as not yet checkpointed, not as altered', async () => {
    const events = await aCheckpointedLog(keys.privateKey);
    const { alteration, notes } = verify(events, keys.publicKey);
    expect(alteration).toBeUndefined();
    expect(notes[1]).toBe('not yet checkpointed: 2 events after position 6 (checked by their stream chains only)');
  });

  it('pins two events of different streams swapped in global order to the first of them', async () => {
    const events = await aCheckpointedLog();
    // Positions 2 (tenant-b) and 4 (msp-m) exchanged: each stream's chain is still intact.
    const swapped = events
      .map((event) => (event.position === 2 ? { ...event, position: 4 } : event.position === 4 ? { ...event, position: 2 } : event))
      .sort((a, b) => a.position - b.position);
    expect(verify(swapped).alteration).toEqual({ position: 2, reason: expect.stringMatching(/^out of order/) });
  });

  it("pins the deletion of a stream's last event to its position", async () => {
    const events = await aCheckpointedLog();
    // user-u's only event, at position 6: no later event of its stream would notice.
    expect(verify(events.filter((event) => event.position !== 6)).alteration).toEqual({
      position: 6,
      reason: expect.stringMatching(/^event missing/),
    });
    expect(verify(events.filter((event) => event.streamName !== 'tenant-b')).alteration).toEqual({
      position: 2,
      reason: expect.stringMatching(/^event missing/),
    });
  });

  it('refuses a checkpoint forged to match a rewritten event: unsigned, or signed by another key', async () => {
    const events = await aCheckpointedLog(keys.privateKey);
    const rewritten = events.map((event) => (event.position === 3 ? { ...event, data: { i: 42 } } : event));
    const forge = (sign: (data: CheckpointData) => CheckpointData): RecordedEvent[] => {
      let digest = GENESIS_DIGEST;
      return rewritten.map((event) => {
        if (!isCheckpointEvent(event)) {
          digest = nextLogDigest(digest, event.position, recomputedHash(event));
          return event;
        }
        const covered = rewritten.filter((other) => other.position < event.position);
        const data: CheckpointData = {
          afterPosition: null,
          upToPosition: covered[covered.length - 1].position,
          count: covered.length,
          entries: covered.map((other) => [other.position, recomputedHash(other)] as const),
          digest,
        };
        return { ...event, data: sign(data) as unknown as Record<string, unknown> };
      });
    };
    const unsigned = forge((data) => data);
    const otherKey = forge((data) => signCheckpoint(data, generateKeyPairSync('ed25519').privateKey));
    for (const forged of [unsigned, otherKey]) {
      expect(verify(forged, keys.publicKey).alteration).toEqual({ position: 7, reason: SIGNATURE_NOT_VALID });
    }
    // Without AUDIT_VERIFY_KEY, a consistent rewrite of events and checkpoints is not detectable:
    // that is what signing (or a head noted earlier) is for.
    expect(verify(unsigned).alteration).toBeUndefined();
    // The rewritten event under the genuine checkpoint is pinned.
    expect(verify(rewritten, keys.publicKey).alteration).toEqual({
      position: 3,
      reason: expect.stringMatching(/^not the event recorded at this position/),
    });
  });

  it('refuses a wrong verify key and a changed digest', async () => {
    const events = await aCheckpointedLog(keys.privateKey);
    expect(verify(events, generateKeyPairSync('ed25519').publicKey).alteration).toEqual({ position: 7, reason: SIGNATURE_NOT_VALID });
    const digestChanged = events.map((event) =>
      isCheckpointEvent(event) ? { ...event, data: { ...event.data, digest: 'f'.repeat(64) } } : event,
    );
    expect(verify(digestChanged).alteration).toEqual({ position: 7, reason: 'checkpoint digest does not match the log it covers' });
  });

  it('a checkpoint deleted between two others is pinned to its position', async () => {
    const { store } = openStore();
    const writer = aWriter(store);
    await append(store, 'tenant-a', 2);
    await drain(writer);
    await append(store, 'tenant-b', 2);
    await drain(writer);
    await append(store, 'tenant-c', 1);
    await drain(writer);
    const events = await store.readAll();
    const second = events.filter(isCheckpointEvent)[1];
    expect(verify(events.filter((event) => event !== second)).alteration).toEqual({
      position: second.position,
      reason: expect.stringMatching(/^event missing/),
    });
  });
});

describe('firstDifference', () => {
  const h = (n: number): string => n.toString(16).padStart(64, '0');
  const pairs = (...list: [number, number][]): [number, string][] => list.map(([position, n]) => [position, h(n)]);

  it('names the first differing position and why', () => {
    const recorded = pairs([1, 1], [2, 2], [5, 5]);
    expect(firstDifference(pairs([1, 1], [2, 2], [5, 5]), recorded)).toBeUndefined();
    expect(firstDifference(pairs([1, 1], [5, 5]), recorded)).toMatchObject({ position: 2, reason: expect.stringMatching(/^event missing/) });
    expect(firstDifference(pairs([1, 1], [2, 2]), recorded)).toMatchObject({ position: 5, reason: expect.stringMatching(/^event missing/) });
    expect(firstDifference(pairs([1, 1], [2, 2], [3, 3], [5, 5]), recorded)).toMatchObject({
      position: 3,
      reason: expect.stringMatching(/^event inserted/),
    });
    expect(firstDifference(pairs([1, 1], [2, 2], [5, 5], [6, 6]), recorded)).toMatchObject({ position: 6, reason: expect.stringMatching(/^event inserted/) });
    expect(firstDifference(pairs([1, 1], [2, 9], [5, 5]), recorded)).toMatchObject({
      position: 2,
      reason: expect.stringMatching(/^not the event recorded at this position/),
    });
    expect(firstDifference(pairs([1, 1], [2, 5], [5, 2]), recorded)).toMatchObject({ position: 2, reason: expect.stringMatching(/^out of order/) });
  });
});
