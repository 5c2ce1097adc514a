import { EventToAppend } from '../../shared/application/event-store.port';
import { eventHash, hashedContentOf, integrityOf, StoredEvent } from '../../shared/domain/audit-chain';
import { EventMetadata } from '../../shared/domain/event';

/** The stored event a batch is appended after (the stream's event at the expected revision). */
export type ChainPredecessor = StoredEvent;

/**
 * The hash a new event chains to: the predecessor's stored hash, or, for an event written before
 * the chain existed, its hash as if it started a chain. That is how a store written before the
 * chain is anchored: its last event of each stream is sealed by the first chained event after it.
 */
export function chainHashOf(predecessor: ChainPredecessor): string {
  return integrityOf(predecessor.metadata)?.hash ?? eventHash(hashedContentOf(predecessor), null);
}

/**
 * Both adapters chain a batch here, right before writing it, so they cannot hash differently.
 * `predecessor` is the stream's event at revision `firstRevision - 1` (undefined for a new stream);
 * the caller guarantees it is still the last one when the batch is written (the SQLite write lock,
 * KurrentDB's exact expected revision), which is why nothing is cached between appends.
 *
 * Each event is hashed as the store will hand it back: through JSON, which drops undefined members
 * and turns -0 into 0, so the verifier recomputes the same hash from the stored text. A caller's own
 * `integrity` is replaced: only the store decides what an event chains to.
 */
export function chainEvents(
  streamName: string,
  firstRevision: number,
  predecessor: ChainPredecessor | undefined,
  events: readonly EventToAppend[],
): EventToAppend[] {
  const expectedPredecessor = firstRevision === 0 ? undefined : firstRevision - 1;
  if (predecessor?.revision !== expectedPredecessor || (predecessor && predecessor.streamName !== streamName)) {
    throw new Error(
      `Cannot chain a batch at ${streamName}@${firstRevision} after ` +
        `${predecessor ? `${predecessor.streamName}@${predecessor.revision}` : 'no event'}`,
    );
  }
  let prev = predecessor ? chainHashOf(predecessor) : null;
  return events.map((event, index) => {
    const data = JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>;
    const { integrity: _replaced, ...metadata } = JSON.parse(JSON.stringify(event.metadata)) as EventMetadata;
    const revision = firstRevision + index;
    const hash = eventHash(hashedContentOf({ id: event.id, streamName, revision, type: event.type, data, metadata }), prev);
    const chained: EventToAppend = { ...event, data, metadata: { ...metadata, integrity: { prev, hash } } };
    prev = hash;
    return chained;
  });
}
