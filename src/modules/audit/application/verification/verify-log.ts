import { EventStore, RecordedEvent } from '../../../../shared/application/event-store.port';
import {
  EventIntegrity,
  GENESIS_DIGEST,
  HashedContent,
  StoredEvent,
  eventHash,
  hashedContentOf,
  integrityOf,
  nextLogDigest,
} from '../../../../shared/domain/audit-chain';
import { Actor, EventMetadata } from '../../../../shared/domain/event';
import { Alteration, LogCheck, LogHead, VerifiedEvent } from './log-check';

/** One event read from the log or from an export, before the verifier recomputes its hash. */
export interface LoggedEvent extends StoredEvent {
  readonly position: number;
  /** What the hash covers, rebuilt from the stored event or the exported line. */
  readonly content: HashedContent;
  readonly stored: EventIntegrity | undefined;
}

/** Something where an event should be that cannot be read as one (a broken export line). */
export interface UnreadableEvent {
  readonly unreadable: Alteration;
}

export type LogEntry = LoggedEvent | UnreadableEvent;

export type Verification =
  | { readonly ok: true; readonly head: LogHead }
  | { readonly ok: false; readonly alteration: Alteration; readonly verified: number };

export interface VerifyProgress {
  readonly events: number;
  readonly position: number;
}

/**
 * Walks the events in global order once, recomputing each hash (with the `prev` stored beside it)
 * and the running log digest, and hands every event to the checks in order. The first alteration
 * any check reports ends the walk: it is the first altered position, and what follows it cannot be
 * judged against a chain that is already broken. Holds one event at a time; the checks keep what
 * they need.
 */
export async function verifyLog(
  entries: AsyncIterable<LogEntry>,
  checks: readonly LogCheck[],
  onProgress?: (progress: VerifyProgress) => void,
): Promise<Verification> {
  let count = 0;
  let digest = GENESIS_DIGEST;
  let position: number | undefined;
  for await (const entry of entries) {
    if ('unreadable' in entry) return { ok: false, alteration: entry.unreadable, verified: count };
    const hash = eventHash(entry.content, entry.stored?.prev ?? null);
    digest = nextLogDigest(digest, entry.position, hash);
    const { content: _content, ...event } = entry;
    const verified: VerifiedEvent = { ...event, hash, digest };
    for (const check of checks) {
      const alteration = check.onEvent(verified);
      if (alteration) return { ok: false, alteration, verified: count };
    }
    count += 1;
    position = entry.position;
    onProgress?.({ events: count, position });
  }
  const head: LogHead = { count, position, digest };
  for (const check of checks) {
    const alteration = check.onEnd(head);
    if (alteration) return { ok: false, alteration, verified: count };
  }
  return { ok: true, head };
}

/** The store's events in global order, a page at a time, up to the head `upTo` (read at the start). */
export async function* eventsOfStore(
  store: EventStore,
  options: { readonly upTo: number | undefined; readonly pageSize?: number },
): AsyncGenerator<LogEntry> {
  if (options.upTo === undefined) return;
  let after: number | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: options.pageSize ?? 1000 });
    for (const event of page) {
      if (event.position > options.upTo) return;
      yield loggedEventOf(event);
    }
    if (page.length === 0) return;
    after = page[page.length - 1].position;
  }
}

export function loggedEventOf(event: RecordedEvent): LoggedEvent {
  return {
    position: event.position,
    id: event.id,
    streamName: event.streamName,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    content: hashedContentOf(event),
    stored: integrityOf(event.metadata),
  };
}

/**
 * The events of an export (NDJSON CloudEvents, as audit:export writes them), in file order. Each
 * line carries everything its hash covers: the public payload, the digest of the secret fields it
 * leaves out, the stream revision and the envelope; `prevhash` and `eventhash` are what the store
 * chained it with.
 */
export async function* eventsOfExport(lines: AsyncIterable<string>): AsyncGenerator<LogEntry> {
  let lineNumber = 0;
  let lastPosition = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let event: LoggedEvent | string;
    try {
      event = exportedEventOf(JSON.parse(line) as unknown);
    } catch {
      event = 'not JSON';
    }
    if (typeof event === 'string') {
      // The line's own sequence when it can still be found, else the place it stands in.
      const sequence = /"sequence"\s*:\s*"(0|[1-9]\d*)"/.exec(line)?.[1];
      const position = sequence !== undefined ? Number(sequence) : lastPosition + 1;
      yield { unreadable: { position, reason: `line ${lineNumber} is not an exported event (${event})` } };
      return;
    }
    lastPosition = event.position;
    yield event;
  }
}

/** The event of one export line, or what is wrong with the line. */
function exportedEventOf(line: unknown): LoggedEvent | string {
  if (typeof line !== 'object' || line === null || Array.isArray(line)) return 'not an object';
  const attributes = line as Record<string, unknown>;
  const text = (name: string, optional = false): string | undefined => {
    const value = attributes[name];
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'string') throw new BadLine(`${name} is not a string`);
    return value;
  };
  const integer = (name: string): number => {
    const value = attributes[name];
    const number = typeof value === 'string' && /^(0|[1-9]\d*)$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) throw new BadLine(`${name} is not an integer`);
    return number;
  };
  try {
    const data = attributes.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'data is not an object';
    const actorId = text('actorid', true);
    const actor = { type: text('actortype'), ...(actorId !== undefined ? { id: actorId } : {}) } as Actor;
    const causationId = text('causationid', true);
    const eventHashText = text('eventhash', true);
    const prev = text('prevhash', true) ?? null;
    const metadata: EventMetadata = {
      actor,
      at: text('time') as string,
      correlationId: text('correlationid') as string,
      ...(causationId !== undefined ? { causationId } : {}),
      schemaVersion: integer('schemaversion'),
      ...(eventHashText !== undefined ? { integrity: { prev, hash: eventHashText } } : {}),
    };
    const common = {
      id: text('id') as string,
      streamName: text('subject') as string,
      revision: integer('streamrevision'),
      type: text('type') as string,
    };
    const content: HashedContent = {
      ...common,
      schemaVersion: metadata.schemaVersion as number,
      actor,
      at: metadata.at,
      correlationId: metadata.correlationId,
      ...(causationId !== undefined ? { causationId } : {}),
      publicData: data as Record<string, unknown>,
      secretDigest: text('secretdigest', true) ?? null,
    };
    return {
      ...common,
      position: integer('sequence'),
      data: data as Record<string, unknown>,
      metadata,
      content,
      stored: metadata.integrity,
    };
  } catch (error) {
    if (error instanceof BadLine) return error.message;
    throw error;
  }
}

class BadLine extends Error {}
