import { EventIntegrity, StoredEvent } from '../../../../shared/domain/audit-chain';

/**
 * One event as the verifier walks the log (or an export) in global order, with what it
 * recomputed. Checks see every event once, in order, and keep only what they need (constant
 * memory apart from per-stream heads).
 */
export interface VerifiedEvent extends StoredEvent {
  readonly position: number;
  /** `data`: the raw stored payload (from the log) or the public payload (from an export). */
  /** The hash recomputed from the content and the stored `prev` (or null when none is stored). */
  readonly hash: string;
  /** What the event store stored with it; undefined for events written before the chain. */
  readonly stored: EventIntegrity | undefined;
  /** The running log digest after this event (shared/domain/audit-chain.ts, nextLogDigest). */
  readonly digest: string;
}

/** The first place where the log is not what was written: `altered at position <position>: <reason>`. */
export interface Alteration {
  readonly position: number;
  readonly reason: string;
}

export interface LogHead {
  readonly count: number;
  /** Undefined for an empty log. */
  readonly position: number | undefined;
  readonly digest: string;
}

/**
 * A check the verifier runs over the log: per-event chain checks, checkpoints (signed or not),
 * a head noted earlier (`--head`). The verifier stops at the first alteration any check reports.
 */
export interface LogCheck {
  onEvent(event: VerifiedEvent): Alteration | undefined;
  onEnd(head: LogHead): Alteration | undefined;
}
