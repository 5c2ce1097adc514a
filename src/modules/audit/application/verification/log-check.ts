import { EventIntegrity } from '../../../../shared/domain/audit-chain';

/**
 * One event of the log (or of an export) with the hash the verifier recomputed for it: what a
 * hasher hands the verifier, in this thread or in a worker thread (so: plain data, cheap to copy).
 */
export interface HashedEvent {
  readonly position: number;
  readonly streamName: string;
  readonly revision: number;
  readonly type: string;
  /**
   * The payload, for the checks that read one: only the checkpoints' (hashers leave the other
   * payloads out, which nothing reads once the hash is computed).
   */
  readonly data?: Record<string, unknown>;
  /** The hash recomputed from the content and the stored `prev` (or null when none is stored). */
  readonly hash: string;
  /** What the event store stored with it; undefined for events written before the chain. */
  readonly stored: EventIntegrity | undefined;
}

/**
 * One event as the verifier walks the log (or an export) in global order. Checks see every event
 * once, in order, and keep only what they need.
 */
export interface VerifiedEvent extends HashedEvent {
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
