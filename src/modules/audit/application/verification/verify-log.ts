import { EventStore, RecordedEvent } from '../../../../shared/application/event-store.port';
import { GENESIS_DIGEST, HashedContent, eventHash, hashedContentOf, integrityOf, nextLogDigest } from '../../../../shared/domain/audit-chain';
import { Actor } from '../../../../shared/domain/event';
import { AUDIT_CHECKPOINT_STREAM } from '../../domain/audit-checkpoint';
import { pagesUpTo } from '../log-pages';
import { Alteration, HashedEvent, LogCheck, LogHead, VerifiedEvent } from './log-check';

/** Something where an event should be that cannot be read as one (a broken export line). */
export interface UnreadableEvent {
  readonly unreadable: Alteration;
}

export type LogEntry = HashedEvent | UnreadableEvent;

export type Verification =
  | { readonly ok: true; readonly head: LogHead }
  | { readonly ok: false; readonly alteration: Alteration; readonly verified: number };

export interface VerifyProgress {
  readonly events: number;
  readonly position: number;
}

/**
 * Walks the events in global order once, a page at a time, running the log digest over their
 * hashes (recomputed by a hasher, in this thread or others) and handing every event to the checks
 * in order. The first alteration any check reports ends the walk: it is the first altered
 * position, and what follows it cannot be judged against a chain that is already broken. Holds
 * one page at a time; the checks keep what they need.
 */
export async function verifyLog(
  pages: AsyncIterable<readonly LogEntry[]>,
  checks: readonly LogCheck[],
  onProgress?: (progress: VerifyProgress) => void,
): Promise<Verification> {
  let count = 0;
  let digest = GENESIS_DIGEST;
  let position: number | undefined;
  for await (const page of pages) {
    for (const entry of page) {
      if ('unreadable' in entry) return { ok: false, alteration: entry.unreadable, verified: count };
      digest = nextLogDigest(digest, entry.position, entry.hash);
      // A literal of one shape, not a spread: this runs once per event of the log.
      const verified: VerifiedEvent = {
        position: entry.position,
        streamName: entry.streamName,
        revision: entry.revision,
        type: entry.type,
        data: entry.data,
        hash: entry.hash,
        stored: entry.stored,
        digest,
      };
      for (const check of checks) {
        const alteration = check.onEvent(verified);
        if (alteration) return { ok: false, alteration, verified: count };
      }
      count += 1;
      position = entry.position;
    }
    if (position !== undefined) onProgress?.({ events: count, position });
  }
  const head: LogHead = { count, position, digest };
  for (const check of checks) {
    const alteration = check.onEnd(head);
    if (alteration) return { ok: false, alteration, verified: count };
  }
  return { ok: true, head };
}

/**
 * A stored event with its hash recomputed (with the `prev` stored beside it). Keeps the payload
 * only of checkpoints, the one the checks read, so that a page is cheap to pass between threads.
 */
export function hashedEventOf(event: RecordedEvent): HashedEvent {
  const stored = integrityOf(event.metadata);
  return {
    position: event.position,
    streamName: event.streamName,
    revision: event.revision,
    type: event.type,
    ...(event.streamName === AUDIT_CHECKPOINT_STREAM ? { data: event.data } : {}),
    hash: eventHash(hashedContentOf(event), stored?.prev ?? null),
    stored,
  };
}

/** The store's events in global order, hashed in this thread, a page at a time, up to the head `upTo` (read at the start). */
export async function* eventsOfStore(
  store: EventStore,
  options: { readonly upTo: number | undefined; readonly pageSize?: number },
): AsyncGenerator<HashedEvent[]> {
  for await (const page of pagesUpTo(store, options.upTo, options.pageSize)) yield page.map(hashedEventOf);
}

/** How many export lines make a page. */
const EXPORT_PAGE = 1000;

/**
 * The events of an export (NDJSON CloudEvents, as audit:export writes them), in file order. Each
 * line carries everything its hash covers: the public payload, the digest of the secret fields it
 * leaves out, the stream revision and the envelope; `prevhash` and `eventhash` are what the store
 * chained it with.
 */
export async function* eventsOfExport(lines: AsyncIterable<string>): AsyncGenerator<LogEntry[]> {
  let lineNumber = 0;
  let lastPosition = 0;
  let page: LogEntry[] = [];
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let event: HashedEvent | string;
    try {
      event = exportedEventOf(JSON.parse(line) as unknown);
    } catch {
      event = 'not JSON';
    }
    if (typeof event === 'string') {
      // The line's own sequence when it can still be found, else the place it stands in.
      const sequence = /"sequence"\s*:\s*"(0|[1-9]\d*)"/.exec(line)?.[1];
      const position = sequence !== undefined ? Number(sequence) : lastPosition + 1;
      page.push({ unreadable: { position, reason: `line ${lineNumber} is not an exported event (${event})` } });
      yield page;
      return;
    }
    lastPosition = event.position;
    page.push(event);
    if (page.length === EXPORT_PAGE) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** The event of one export line, hashed, or what is wrong with the line. */
function exportedEventOf(line: unknown): HashedEvent | string {
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
    const at = text('time') as string;
    const correlationId = text('correlationid') as string;
    const schemaVersion = integer('schemaversion');
    const id = text('id') as string;
    const common = {
      streamName: text('subject') as string,
      revision: integer('streamrevision'),
      type: text('type') as string,
    };
    const content: HashedContent = {
      id,
      ...common,
      schemaVersion,
      actor,
      at,
      correlationId,
      ...(causationId !== undefined ? { causationId } : {}),
      publicData: data as Record<string, unknown>,
      secretDigest: text('secretdigest', true) ?? null,
    };
    return {
      ...common,
      position: integer('sequence'),
      ...(common.streamName === AUDIT_CHECKPOINT_STREAM ? { data: data as Record<string, unknown> } : {}),
      // As for a stored event: the stored `prev` counts only beside a stored hash.
      hash: eventHash(content, eventHashText !== undefined ? prev : null),
      stored: eventHashText !== undefined ? { prev, hash: eventHashText } : undefined,
    };
  } catch (error) {
    if (error instanceof BadLine) return error.message;
    throw error;
  }
}

class BadLine extends Error {}
