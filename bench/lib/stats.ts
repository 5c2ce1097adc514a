/** Summaries of repeated measurements: every figure is reported as min / median / max. */
export interface Summary {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly values: readonly number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarize(values: readonly number[]): Summary {
  return { min: Math.min(...values), median: median(values), max: Math.max(...values), values: [...values] };
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export const seconds = (startedNs: bigint): number => Number(process.hrtime.bigint() - startedNs) / 1e9;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
