import { GENESIS_DIGEST } from '../../../../shared/domain/audit-chain';
import { Alteration, LogCheck, LogHead, VerifiedEvent } from './log-check';

/** A head as `audit:verify` prints it and `--head` takes it: the position and the log digest there. */
export interface NotedHead {
  readonly position: number;
  readonly digest: string;
}

/** The head of an empty log: position 0 comes before every event, and nothing was digested yet. */
export const EMPTY_LOG_POSITION = 0;

export function formatHead(head: LogHead): string {
  return `${head.position ?? EMPTY_LOG_POSITION}:${head.digest}`;
}

/** Parses `POSITION:DIGEST`; undefined when it is not one. */
export function parseHead(text: string): NotedHead | undefined {
  const match = /^(0|[1-9]\d*):([0-9a-f]{64})$/.exec(text.trim());
  if (!match || !Number.isSafeInteger(Number(match[1]))) return undefined;
  return { position: Number(match[1]), digest: match[2] };
}

/**
 * `--head POSITION:DIGEST`: the log digest after the event at POSITION must be the one noted then.
 * The digest runs over every event up to there, so a rewrite of the whole chain (hashes
 * recomputed, which the chain alone cannot tell from the original) is caught, as is a log that
 * no longer reaches POSITION. The digest says only that something up to POSITION differs, not
 * where: the alteration is reported at POSITION.
 */
export class HeadCheck implements LogCheck {
  private reached: boolean;

  constructor(private readonly noted: NotedHead) {
    this.reached = noted.position === EMPTY_LOG_POSITION;
  }

  onEvent(event: VerifiedEvent): Alteration | undefined {
    if (this.reached) return undefined;
    if (event.position < this.noted.position) return undefined;
    this.reached = true;
    if (event.position > this.noted.position) return this.missing();
    return event.digest === this.noted.digest ? undefined : this.differs();
  }

  onEnd(head: LogHead): Alteration | undefined {
    if (this.noted.position === EMPTY_LOG_POSITION && this.noted.digest !== GENESIS_DIGEST) return this.differs();
    return this.reached ? undefined : { position: this.noted.position, reason: `the log ends at ${formatHead(head)}, before the noted head` };
  }

  private missing(): Alteration {
    return { position: this.noted.position, reason: 'the event at the noted head is missing' };
  }

  private differs(): Alteration {
    return {
      position: this.noted.position,
      reason: `the log up to here is not the one noted (digest ${this.noted.digest}); it was changed at or before this position`,
    };
  }
}
