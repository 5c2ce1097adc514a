import { LoadGenerator } from './load';
import { FigureResult } from './report';

/** Sizes and durations of one mode; --quick scales them down (recorded in the results). */
export interface Sizes {
  readonly repetitions: number;
  /** Seconds of each timed HTTP load run, per workload. */
  readonly signupSeconds: number;
  readonly lookupSeconds: number;
  readonly adminSeconds: number;
  /** Seconds of the untimed warm-up run before each HTTP workload (0 = none). */
  readonly warmupSeconds: number;
  readonly argon2Seconds: number;
  readonly signupConnections: number;
  readonly lookupConnections: number;
  readonly adminConnections: number;
  /** Links (tenant streams) that B1's first row spreads signups over; its second row uses one. */
  readonly signupLinks: number;
  readonly rawAppends: number;
  readonly projectionEvents: number;
  readonly mongoProjectionEvents: number;
  readonly rebuildEvents: number;
  /** The smaller rebuild whose peak RSS B5 compares with. */
  readonly rebuildSmallEvents: number;
  readonly mongoRebuildEvents: number;
  readonly mongoRebuildSmallEvents: number;
  readonly longLinkSignups: number;
  readonly latencySamples: number;
  /** B8/B9's chained store; their peak RSS is compared with a store a quarter of this size. */
  readonly auditEvents: number;
}

export const FULL: Sizes = {
  repetitions: 3,
  signupSeconds: 15,
  lookupSeconds: 10,
  adminSeconds: 10,
  warmupSeconds: 3,
  argon2Seconds: 5,
  signupConnections: 16,
  lookupConnections: 16,
  adminConnections: 8,
  signupLinks: 64,
  rawAppends: 5000,
  projectionEvents: 200_000,
  mongoProjectionEvents: 2_000,
  rebuildEvents: 1_000_000,
  rebuildSmallEvents: 100_000,
  mongoRebuildEvents: 5_000,
  mongoRebuildSmallEvents: 500,
  longLinkSignups: 100_000,
  latencySamples: 100,
  auditEvents: 1_000_000,
};

export const QUICK: Sizes = {
  repetitions: 3,
  signupSeconds: 1.2,
  lookupSeconds: 0.8,
  adminSeconds: 0.8,
  warmupSeconds: 0,
  argon2Seconds: 0.5,
  signupConnections: 16,
  lookupConnections: 16,
  adminConnections: 8,
  signupLinks: 16,
  rawAppends: 1000,
  projectionEvents: 5_000,
  mongoProjectionEvents: 500,
  rebuildEvents: 50_000,
  rebuildSmallEvents: 5_000,
  mongoRebuildEvents: 1_000,
  mongoRebuildSmallEvents: 100,
  longLinkSignups: 5_000,
  latencySamples: 10,
  auditEvents: 100_000,
};

export interface BenchContext {
  readonly quick: boolean;
  readonly sizes: Sizes;
  readonly load: LoadGenerator;
  /** Root of this run's temporary files (removed at the end). */
  readonly tmp: string;
  readonly mongoUrl?: string;
  readonly results: FigureResult[];
  /** Parameters a scenario wants recorded in the results file. */
  readonly parameters: Record<string, unknown>;
}
