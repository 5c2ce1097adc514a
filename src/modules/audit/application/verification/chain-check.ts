import { Alteration, LogCheck, VerifiedEvent } from './log-check';
import { StreamHeads } from './stream-heads';

export interface ChainCheckOptions {
  /**
   * The events are the whole log, so every stream must start at revision 0 with no previous hash.
   * False for an export, which may hold only part of a stream (filtered by time).
   */
  readonly wholeLog: boolean;
  /**
   * Positions are 1, 2, 3, … with no gaps (the SQLite store: AUTOINCREMENT, and a rolled-back
   * append gives its numbers back), so a missing number is a deleted event. KurrentDB positions
   * are byte offsets: there, a deletion shows in the stream's revisions and chain instead.
   */
  readonly contiguousPositions: boolean;
}

/**
 * The audit chain, checked event by event in global order: each event's content against its stored
 * hash, each event against the previous event of its stream (revision + 1, and `prev` = that
 * event's hash), positions in order (and without gaps where the store has none). Memory: one
 * 28-byte head per stream, off the heap (StreamHeads).
 *
 * A copy of an event is caught without keeping every id: in its own stream its revision is taken
 * already, and anywhere else the stream or revision it is stored with is not the one its hash
 * covers.
 *
 * Events written before the chain have no stored hash; the hash recomputed for them with no `prev`
 * stands in, so the first chained event of their stream seals the last of them. Once the log holds
 * a chained event, every later one must be chained: a missing hash there is a removed one.
 */
export class ChainCheck implements LogCheck {
  private readonly streams = new StreamHeads();
  private lastPosition: number | undefined;
  private chainedSince: number | undefined;

  constructor(private readonly options: ChainCheckOptions) {}

  onEvent(event: VerifiedEvent): Alteration | undefined {
    const alteration = this.check(event);
    this.lastPosition = event.position;
    this.chainedSince ??= event.stored ? event.position : undefined;
    this.streams.set(event.streamName, event.revision, event.hash);
    return alteration;
  }

  onEnd(): Alteration | undefined {
    return undefined;
  }

  private check(event: VerifiedEvent): Alteration | undefined {
    const { position, streamName, revision, stored } = event;
    const altered = (reason: string, at = position): Alteration => ({ position: at, reason });

    if (this.lastPosition !== undefined && position <= this.lastPosition) {
      return altered(`out of order: comes after position ${this.lastPosition}`);
    }
    if (this.options.contiguousPositions) {
      const expected = (this.lastPosition ?? 0) + 1;
      if (position > expected) return altered('event missing', expected);
    }

    if (!stored) {
      if (this.chainedSince !== undefined) {
        return altered(`hash missing (every event from position ${this.chainedSince} on is chained)`);
      }
    } else if (stored.hash !== event.hash) {
      return altered('content does not match its hash');
    }

    const previousRevision = this.streams.revisionOf(streamName);
    if (previousRevision !== undefined) {
      if (revision !== previousRevision + 1) {
        return altered(
          `revision ${revision} of stream ${streamName} follows revision ${previousRevision} (an event was deleted, inserted or moved)`,
        );
      }
      if (stored && !this.streams.lastHashIs(stored.prev)) {
        return altered(`the previous event of stream ${streamName} is missing or changed`);
      }
    } else if (this.options.wholeLog) {
      if (revision !== 0) {
        return altered(`revision ${revision} of stream ${streamName} is its first event (an event was deleted or moved)`);
      }
      if (stored && stored.prev !== null) {
        return altered(`the previous event of stream ${streamName} is missing or changed`);
      }
    }
    return undefined;
  }
}
