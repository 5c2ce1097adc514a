import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { median, Summary, summarize } from './stats';

export interface Measured {
  readonly name: string;
  readonly unit: string;
  readonly summary: Summary;
}

export interface Target {
  readonly comparison: '>=' | '<=';
  readonly value: number;
}

/**
 * A figure's ratio to its reference. Figure i and reference i are measured back to back (the
 * scenarios alternate them: reference, figure, reference, figure…), so a change of load on the
 * machine hits both members of a pair; the headline is the median of the pairs' ratios. The
 * ratio of the medians pairs a figure with a reference measured minutes apart: kept as a detail.
 */
export interface Ratio {
  readonly medianOfPairs: number;
  /** Every pair's ratio in the order measured, with their min and max. */
  readonly pairs: Summary;
  readonly ofMedians: number;
}

/** One row of the table: a figure, the reference measured in the same run, their ratio. */
export interface FigureResult {
  readonly id: string;
  readonly backend: 'sqlite' | 'mongodb';
  readonly workload: string;
  readonly figure: Measured;
  readonly reference?: Measured;
  readonly ratio?: Ratio;
  readonly target?: Target;
  /** Judged on ratio.medianOfPairs; undefined when there is no target ("reported"). */
  readonly pass?: boolean;
  readonly details?: Record<string, unknown>;
}

/**
 * Pairs figure i with reference i. Both must have one value per repetition: a reference measured
 * once for several figures would let a load change between them pass for a difference in code.
 */
export function compare(
  base: Omit<FigureResult, 'ratio' | 'pass'>,
  ratioOf: (figure: number, reference: number) => number = (f, r) => f / r,
): FigureResult {
  if (!base.reference) return base;
  const figures = base.figure.summary.values;
  const references = base.reference.summary.values;
  if (figures.length === 0 || figures.length !== references.length) {
    throw new Error(
      `${base.id} (${base.workload}): ${figures.length} figures and ${references.length} references; ` +
        'each figure needs the reference measured next to it',
    );
  }
  const pairs = summarize(figures.map((value, i) => ratioOf(value, references[i])));
  const ofMedians = ratioOf(base.figure.summary.median, base.reference.summary.median);
  const pass =
    base.target === undefined
      ? undefined
      : base.target.comparison === '>='
        ? pairs.median >= base.target.value
        : pairs.median <= base.target.value;
  return { ...base, ratio: { medianOfPairs: pairs.median, pairs, ofMedians }, pass };
}

/**
 * The warning printed above the table when the machine was busy before the run started: a
 * 1-minute load average above 0.3 per core means other work competed for the CPUs.
 */
export const QUIET_LOAD_PER_CORE = 0.3;

export function loadWarning(loadAtStart: readonly number[], cores: number): string | undefined {
  const oneMinute = loadAtStart[0];
  if (!(oneMinute > QUIET_LOAD_PER_CORE * cores)) return undefined;
  return (
    `WARNING: 1-minute load average ${oneMinute.toFixed(2)} at the start, above ${QUIET_LOAD_PER_CORE} × ${cores} cores: ` +
    'figures from a loaded machine are not results (quote only runs on a quiet machine)'
  );
}

const number = (value: number): string => {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
};

export const formatMeasured = (measured: Measured): string =>
  `${number(measured.summary.median)} ${measured.unit} (${number(measured.summary.min)}–${number(measured.summary.max)})`;

function percentOrPlain(row: FigureResult, ratio: number): string {
  if (row.target?.comparison !== '>=') return ratio.toFixed(2);
  const percent = ratio * 100;
  return percent < 10 ? percent.toFixed(1) : percent.toFixed(0);
}

/** The median of the pairs' ratios, then the range of the pairs: "47 % (41–52)", "1.08 (0.97–1.20)". */
export function ratioText(row: FigureResult): string {
  const { medianOfPairs, pairs } = row.ratio!;
  const unit = row.target?.comparison === '>=' ? ' %' : '';
  return `${percentOrPlain(row, medianOfPairs)}${unit} (${percentOrPlain(row, pairs.min)}–${percentOrPlain(row, pairs.max)})`;
}

function targetText(row: FigureResult): string {
  if (!row.target) return 'reported';
  return `${row.target.comparison} ${row.target.comparison === '>=' ? `${Math.round(row.target.value * 100)} %` : row.target.value}`;
}

export function table(rows: readonly FigureResult[]): string {
  const header = ['id', 'store', 'workload', 'figure: median (min–max)', 'reference: median (min–max)', 'ratio: median of pairs (range)', 'target', 'result'];
  const lines = rows.map((row) => [
    row.id,
    row.backend,
    row.workload,
    `${row.figure.name}: ${formatMeasured(row.figure)}`,
    row.reference ? `${row.reference.name}: ${formatMeasured(row.reference)}` : '—',
    row.ratio ? ratioText(row) : '—',
    targetText(row),
    row.pass === undefined ? '—' : row.pass ? 'pass' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i].length)));
  const render = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [render(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(render)].join('\n');
}

export function writeResults(path: string, results: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

export { median, summarize };
