import { KeyObject } from 'node:crypto';
import { GENESIS_DIGEST, nextLogDigest } from '../../../../shared/domain/audit-chain';
import {
  AUDIT_CHECKPOINT_RECORDED,
  AUDIT_CHECKPOINT_STREAM,
  CheckpointData,
  CheckpointEntry,
  checkpointDataProblem,
  checkpointSignedBy,
  keyIdOf,
} from '../../domain/audit-checkpoint';
import { Alteration, LogCheck, LogHead, VerifiedEvent } from '../verification/log-check';
import { PositionHashQueue } from './position-hash-queue';

export interface CheckpointCheckOptions {
  /** AUDIT_VERIFY_KEY: every checkpoint must then carry a valid Ed25519 signature by this key. */
  readonly verifyKey?: KeyObject;
}

/** A LogCheck that also has something to say on success: the lines `audit:verify` prints before its last. */
export interface CheckpointCheck extends LogCheck {
  notes(): string[];
}

export const SIGNATURE_NOT_VALID = 'checkpoint signature is not valid for AUDIT_VERIFY_KEY';

export const isCheckpointEvent = (event: { readonly streamName: string; readonly type: string }): boolean =>
  event.streamName === AUDIT_CHECKPOINT_STREAM && event.type === AUDIT_CHECKPOINT_RECORDED;

/**
 * The first place where the events found in a checkpoint's range differ from what it recorded.
 * Both lists are in increasing position order; the first difference in position order wins.
 */
export function firstDifference(found: Iterable<[number, string]>, recorded: readonly CheckpointEntry[]): Alteration | undefined {
  let index = 0;
  const moved = (foundHash: string, recordedHash: string): boolean => {
    // Only on failure: is either event elsewhere in the range? Then they were reordered.
    const foundHashes = new Set([...found].map(([, hash]) => hash));
    const recordedHashes = new Set(recorded.map(([, hash]) => hash));
    return foundHashes.has(recordedHash) || recordedHashes.has(foundHash);
  };
  for (const [position, hash] of found) {
    const expected = recorded[index];
    if (expected === undefined || position < expected[0]) {
      return { position, reason: 'event inserted: the checkpoint that covers this position records no event here' };
    }
    if (position > expected[0]) {
      return { position: expected[0], reason: 'event missing: a checkpoint recorded an event at this position' };
    }
    if (hash !== expected[1]) {
      return moved(hash, expected[1])
        ? { position, reason: 'out of order: the checkpoint recorded this event at another position' }
        : { position, reason: 'not the event recorded at this position (its hash differs from the checkpoint)' };
    }
    index += 1;
  }
  const missing = recorded[index];
  return missing ? { position: missing[0], reason: 'event missing: a checkpoint recorded an event at this position' } : undefined;
}

function* within(pairs: Iterable<[number, string]>, after: number | null, upTo: number): Generator<[number, string]> {
  for (const pair of pairs) {
    if (pair[0] > upTo) return;
    if (after === null || pair[0] > after) yield pair;
  }
}

/** A re-iterable view (firstDifference walks it twice on failure). */
const iterable = (make: () => Iterator<[number, string]>): Iterable<[number, string]> => ({ [Symbol.iterator]: make });

/**
 * Checks every AuditCheckpointRecorded the verifier walks past: signed by AUDIT_VERIFY_KEY when
 * one is given, continuing the previous checkpoint, its entries equal to the (position, hash) of
 * the events actually found in its range, and its digest equal to the log digest there. Events
 * after the last checkpoint are not an alteration: they are still checked by their stream chains,
 * and the count is reported in notes().
 */
export function checkpointCheck(options: CheckpointCheckOptions = {}): CheckpointCheck {
  const verifyKey = options.verifyKey;
  const expectedKeyId = verifyKey ? keyIdOf(verifyKey) : undefined;
  const uncovered = new PositionHashQueue();
  let lastUpTo: number | null = null;
  let lastDigest = GENESIS_DIGEST;
  let checkpoints = 0;
  const signingKeys = new Set<string>();
  let end: LogHead | undefined;

  function checkCheckpoint(event: VerifiedEvent): Alteration | undefined {
    const at = (reason: string): Alteration => ({ position: event.position, reason });
    const problem = checkpointDataProblem(event.data);
    if (problem) return at(`checkpoint is malformed: ${problem}`);
    const checkpoint = event.data as unknown as CheckpointData;
    if (checkpoint.upToPosition >= event.position) return at('checkpoint covers events recorded after itself');
    if (verifyKey && !checkpointSignedBy(checkpoint, verifyKey)) return at(SIGNATURE_NOT_VALID);
    const { afterPosition, upToPosition, entries } = checkpoint;
    if (lastUpTo !== null && (afterPosition === null || afterPosition < lastUpTo)) {
      return at(`checkpoint overlaps the previous one (it starts after position ${String(afterPosition)}, the previous one ends at ${lastUpTo})`);
    }
    const found = iterable(() => within(uncovered.pairs(), afterPosition, upToPosition));
    const difference = firstDifference(found, entries);
    if (difference) return difference;
    if (afterPosition !== lastUpTo) {
      // The events in between were covered by a checkpoint that is gone.
      return at(`checkpoint missing before this one (it starts after position ${afterPosition}, the previous one ends at ${String(lastUpTo)})`);
    }
    const digest = entries.reduce((running, [position, hash]) => nextLogDigest(running, position, hash), lastDigest);
    if (digest !== checkpoint.digest) return at('checkpoint digest does not match the log it covers');
    lastUpTo = upToPosition;
    lastDigest = digest;
    checkpoints += 1;
    if (checkpoint.keyId) signingKeys.add(checkpoint.keyId);
    uncovered.dropThrough(upToPosition);
    return undefined;
  }

  return {
    onEvent(event) {
      if (isCheckpointEvent(event)) {
        const alteration = checkCheckpoint(event);
        if (alteration) return alteration;
      }
      uncovered.push(event.position, event.hash);
      return undefined;
    },
    onEnd(head) {
      end = head;
      return undefined;
    },
    notes() {
      const lines: string[] = [];
      const signed = verifyKey
        ? `, each signed by AUDIT_VERIFY_KEY (key ${expectedKeyId})`
        : signingKeys.size > 0
          ? ` (signed by key ${[...signingKeys].join(', ')}; set AUDIT_VERIFY_KEY to check the signatures)`
          : '';
      lines.push(`checkpoints: ${checkpoints} verified${checkpoints > 0 ? `, up to position ${lastUpTo}` : ''}${signed}`);
      if (end && end.count > 0 && uncovered.size > 0) {
        lines.push(
          `not yet checkpointed: ${uncovered.size} event${uncovered.size === 1 ? '' : 's'}` +
            `${lastUpTo === null ? '' : ` after position ${lastUpTo}`} (checked by their stream chains only)`,
        );
      }
      return lines;
    },
  };
}
