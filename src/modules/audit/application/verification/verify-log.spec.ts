import { randomUUID } from 'node:crypto';
import { chainEvents } from '../../../../infrastructure/event-store/chain-events';
import { EventToAppend, RecordedEvent } from '../../../../shared/application/event-store.port';
import { eventHash, GENESIS_DIGEST, hashedContentOf, nextLogDigest } from '../../../../shared/domain/audit-chain';
import { toAuditCloudEvent } from '../audit-cloud-event';
import { ChainCheck, ChainCheckOptions } from './chain-check';
import { formatHead, HeadCheck, parseHead } from './head-check';
import { LogCheck } from './log-check';
import { eventsOfExport, hashedEventOf, LogEntry, Verification, verifyLog } from './verify-log';

const SQLITE: ChainCheckOptions = { wholeLog: true, contiguousPositions: true };
const KURRENTDB: ChainCheckOptions = { wholeLog: true, contiguousPositions: false };

/** An in-memory log, appended as the event stores append: chained per stream, positions 1, 2, 3, … */
class Log {
  readonly events: RecordedEvent[] = [];

  append(streamName: string, count = 1, options: { chained?: boolean; data?: Record<string, unknown> } = {}): this {
    for (let i = 0; i < count; i++) {
      const stream = this.events.filter((event) => event.streamName === streamName);
      const predecessor = stream[stream.length - 1];
      const event: EventToAppend = {
        id: randomUUID(),
        type: 'SomethingHappened',
        data: options.data ?? { value: randomUUID() },
        metadata: { actor: { type: 'msp_admin', id: randomUUID() }, at: new Date().toISOString(), correlationId: randomUUID(), schemaVersion: 1 },
      };
      const [stored] = options.chained === false ? [event] : chainEvents(streamName, stream.length, predecessor, [event]);
      this.events.push({ ...stored, streamName, revision: stream.length, position: this.events.length + 1, recordedAt: new Date() });
    }
    return this;
  }

  at(position: number): RecordedEvent {
    return this.events[position - 1];
  }

  replace(position: number, change: (event: RecordedEvent) => RecordedEvent): this {
    this.events[position - 1] = change(this.at(position));
    return this;
  }
}

/** Pages of three events, so that alterations fall inside pages and across their edges. */
async function* entriesOf(events: readonly RecordedEvent[]): AsyncGenerator<LogEntry[]> {
  for (let start = 0; start < events.length; start += 3) yield events.slice(start, start + 3).map(hashedEventOf);
}

const verify = (log: Log | RecordedEvent[], checks: LogCheck[] = [new ChainCheck(SQLITE)]): Promise<Verification> =>
  verifyLog(entriesOf(Array.isArray(log) ? log : log.events), checks);

const alteredAt = (position: number, reason: string | RegExp) => ({
  ok: false,
  alteration: { position, reason: typeof reason === 'string' ? reason : expect.stringMatching(reason) },
});

/** A realistic small log: two tenants and an account, interleaved. */
const aLog = (): Log =>
  new Log().append('tenant-a', 2).append('account-x').append('tenant-b').append('tenant-a', 2).append('tenant-b').append('account-x');

describe('verifyLog with the chain check', () => {
  it('accepts an untouched log and reports its head: the count, the last position and the running digest', async () => {
    const log = aLog();
    const digest = log.events.reduce(
      (running, event) => nextLogDigest(running, event.position, eventHash(hashedContentOf(event), event.metadata.integrity?.prev ?? null)),
      GENESIS_DIGEST,
    );
    expect(await verify(log)).toEqual({ ok: true, head: { count: 8, position: 8, digest } });
  });

  it('reports an empty log at position 0 with the genesis digest', async () => {
    const result = await verify([]);
    expect(result).toEqual({ ok: true, head: { count: 0, position: undefined, digest: GENESIS_DIGEST } });
    expect(result.ok && formatHead(result.head)).toBe(`0:${GENESIS_DIGEST}`);
  });

  it('names a changed payload, a changed secret field and a changed actor by their position', async () => {
    const payload = aLog().replace(3, (event) => ({ ...event, data: { value: 'forged' } }));
    expect(await verify(payload)).toMatchObject(alteredAt(3, 'content does not match its hash'));

    const secret = new Log().append('tenant-a').append('tenant-a', 1, { data: { token: { hash: 'h1' }, generation: 1 } });
    secret.replace(2, (event) => ({ ...event, data: { ...event.data, token: { hash: 'h2' } } }));
    expect(await verify(secret)).toMatchObject(alteredAt(2, 'content does not match its hash'));

    const actor = aLog().replace(5, (event) => ({
      ...event,
      metadata: { ...event.metadata, actor: { type: 'msp_admin', id: '00000000-0000-0000-0000-000000000000' } },
    }));
    expect(await verify(actor)).toMatchObject(alteredAt(5, 'content does not match its hash'));
  });

  it('names the position of a deleted event on SQLite, and the next event of its stream on KurrentDB', async () => {
    const log = aLog();
    const withoutFive = log.events.filter((event) => event.position !== 5);
    expect(await verify(withoutFive)).toMatchObject(alteredAt(5, 'event missing'));
    // tenant-a@2 (position 5) is gone: tenant-a@3 at position 6 follows revision 1.
    expect(await verify(withoutFive, [new ChainCheck(KURRENTDB)])).toMatchObject(
      alteredAt(6, /revision 3 of stream tenant-a follows revision 1/),
    );
    expect(await verify(log.events.slice(1))).toMatchObject(alteredAt(1, 'event missing'));
  });

  it('names the first of two events of one stream that were swapped', async () => {
    const log = aLog();
    const [five, six] = [log.at(5), log.at(6)];
    log.replace(5, () => ({ ...six, position: 5 })).replace(6, () => ({ ...five, position: 6 }));
    expect(await verify(log)).toMatchObject(alteredAt(5, /revision 3 of stream tenant-a follows revision 1/));
  });

  it('names an event moved to another stream', async () => {
    const moved = aLog().replace(4, (event) => ({ ...event, streamName: 'tenant-c' }));
    expect(await verify(moved)).toMatchObject(alteredAt(4, 'content does not match its hash'));
  });

  it('names an inserted event, with or without a hash of its own', async () => {
    const log = aLog();
    const copy = { ...log.at(4), id: randomUUID(), revision: 1, position: 9 };
    expect(await verify([...log.events, copy])).toMatchObject(alteredAt(9, 'content does not match its hash'));
    const { integrity: _dropped, ...bare } = copy.metadata;
    expect(await verify([...log.events, { ...copy, metadata: bare }])).toMatchObject(
      alteredAt(9, 'hash missing (every event from position 1 on is chained)'),
    );
  });

  it('names a copy of an event, in its own stream or in another', async () => {
    const log = aLog();
    const again = { ...log.at(2), position: 9 };
    expect(await verify([...log.events, again])).toMatchObject(alteredAt(9, /revision 1 of stream tenant-a follows revision 3/));
    const elsewhere = { ...log.at(2), streamName: 'tenant-c', revision: 0, position: 9 };
    expect(await verify([...log.events, elsewhere])).toMatchObject(alteredAt(9, 'content does not match its hash'));
    const firstAgain = { ...log.at(3), position: 9 }; // account-x@0, whose stream has moved on to revision 1
    expect(await verify([...log.events, firstAgain])).toMatchObject(alteredAt(9, /revision 0 of stream account-x follows revision 1/));
  });

  it('accepts events written before the chain, and seals the last of a stream with the first chained one', async () => {
    const log = new Log().append('tenant-a', 2, { chained: false }).append('tenant-b', 1, { chained: false });
    log.append('tenant-a', 2).append('tenant-b');
    expect(await verify(log)).toMatchObject({ ok: true, head: { count: 6 } });

    const changedLegacy = log.events.map((event) => (event.position === 2 ? { ...event, data: { value: 'forged' } } : event));
    expect(await verify(changedLegacy)).toMatchObject(alteredAt(4, 'the previous event of stream tenant-a is missing or changed'));
  });

  it('accepts a tail rewritten with recomputed hashes: only a noted head tells it from the original', async () => {
    const original = aLog();
    const noted = await verify(original);
    if (!noted.ok) throw new Error('the original log verifies');
    const head = parseHead(formatHead(noted.head));
    if (!head) throw new Error('a printed head parses');

    // From position 3 on, every event rewritten with its hash recomputed, as someone with the code could.
    const rewritten = original.events.slice(0, 2).map((event) => ({ ...event }));
    const forged = new Log();
    forged.events.push(...rewritten);
    for (const event of original.events.slice(2)) {
      forged.append(event.streamName, 1, { data: event.position === 3 ? { value: 'forged' } : event.data });
    }
    expect(await verify(forged)).toMatchObject({ ok: true, head: { count: 8, position: 8 } });
    expect(await verify(forged, [new ChainCheck(SQLITE), new HeadCheck(head)])).toMatchObject(
      alteredAt(8, /not the one noted.*at or before this position/),
    );
    expect(await verify(original, [new ChainCheck(SQLITE), new HeadCheck(head)])).toMatchObject({ ok: true });
  });

  it('swapping two events of different streams keeps every chain: a noted head catches it', async () => {
    const log = aLog();
    const noted = await verify(log);
    if (!noted.ok) throw new Error('the original log verifies');
    const [three, four] = [log.at(3), log.at(4)]; // account-x@0 and tenant-b@0
    log.replace(3, () => ({ ...four, position: 3 })).replace(4, () => ({ ...three, position: 4 }));
    expect(await verify(log)).toMatchObject({ ok: true });
    expect(await verify(log, [new ChainCheck(SQLITE), new HeadCheck({ position: 8, digest: noted.head.digest })])).toMatchObject(
      alteredAt(8, /not the one noted/),
    );
  });

  it('with a noted head, a log that no longer reaches it is altered, and 0:genesis holds for any log', async () => {
    const log = aLog();
    const noted = await verify(log);
    if (!noted.ok) throw new Error('the original log verifies');
    const head = { position: 8, digest: noted.head.digest };
    expect(await verify(log.events.slice(0, 7), [new ChainCheck(SQLITE), new HeadCheck(head)])).toMatchObject(
      alteredAt(8, /the log ends at 7:[0-9a-f]{64}, before the noted head/),
    );
    expect(await verify(log, [new HeadCheck({ position: 0, digest: GENESIS_DIGEST })])).toMatchObject({ ok: true });
    expect(await verify([], [new HeadCheck({ position: 0, digest: 'f'.repeat(64) })])).toMatchObject(alteredAt(0, /not the one noted/));
  });

  it('stops at the first alteration: later events reach no check', async () => {
    const seen: number[] = [];
    const spy: LogCheck = { onEvent: (event) => void seen.push(event.position), onEnd: () => undefined };
    const log = aLog().replace(3, (event) => ({ ...event, data: {} }));
    expect(await verify(log, [new ChainCheck(SQLITE), spy])).toMatchObject({ ...alteredAt(3, /content/), verified: 2 });
    expect(seen).toEqual([1, 2]);
  });
});

describe('verifyLog over an export (eventsOfExport)', () => {
  const linesOf = (log: Log): string[] => log.events.map((event) => JSON.stringify(toAuditCloudEvent(event, { mspId: null })));
  async function* streamed(lines: string[]): AsyncGenerator<string> {
    yield* lines;
  }
  const verifyLines = (lines: string[], checks: LogCheck[] = [new ChainCheck({ wholeLog: false, contiguousPositions: false })]) =>
    verifyLog(eventsOfExport(streamed(lines)), checks);

  it('accepts an exported log and reaches the digest of the log itself', async () => {
    const log = new Log().append('tenant-a', 1, { chained: false }).append('tenant-a', 2, { data: { token: { hash: 'x' }, generation: 2 } }).append('tenant-b');
    const fromLog = await verify(log);
    expect(await verifyLines([...linesOf(log), ''])).toEqual(fromLog);
  });

  it('accepts a filtered export whose streams start in the middle', async () => {
    const lines = linesOf(aLog());
    expect(await verifyLines(lines.slice(4))).toMatchObject({ ok: true, head: { count: 4, position: 8 } });
  });

  it('names the sequence of an edited line, of a line that is not an event, and of a line out of order', async () => {
    const lines = linesOf(aLog());
    const edited = [...lines];
    edited[5] = edited[5].replace(/"actortype":"msp_admin"/, '"actortype":"operator"');
    expect(await verifyLines(edited)).toMatchObject(alteredAt(6, 'content does not match its hash'));

    const broken = [...lines];
    broken[2] = broken[2].slice(0, 40);
    expect(await verifyLines(broken)).toMatchObject(alteredAt(3, /line 3 is not an exported event/));

    const swapped = [lines[0], lines[2], lines[1], ...lines.slice(3)];
    expect(await verifyLines(swapped)).toMatchObject(alteredAt(2, /out of order: comes after position 3/));
  });
});
