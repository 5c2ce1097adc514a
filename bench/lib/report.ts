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

/** One row of the table: a figure, the reference measured in the same run, their ratio. */
export interface FigureResult {
  readonly id: string;
  readonly backend: 'sqlite' | 'mongodb';
  readonly workload: string;
  readonly figure: Measured;
  readonly reference?: Measured;
  /** Ratio of the medians; perRepetition pairs figure i with reference i. */
  readonly ratio?: { readonly ofMedians: number; readonly perRepetition: Summary };
  readonly target?: Target;
  /** Undefined when there is no target ("reported"). */
  readonly pass?: boolean;
  readonly details?: Record<string, unknown>;
}

export function compare(
  base: Omit<FigureResult, 'ratio' | 'pass'>,
  ratioOf: (figure: number, reference: number) => number = (f, r) => f / r,
): FigureResult {
  if (!base.reference) return base;
  const figures = base.figure.summary.values;
  const references = base.reference.summary.values;
  const pairs = figures.map((value, i) => ratioOf(value, references[i % references.length]));
  const ofMedians = ratioOf(base.figure.summary.median, base.reference.summary.median);
  const pass =
    base.target === undefined
      ? undefined
      : base.target.comparison === '>='
        ? ofMedians >= base.target.value
        : ofMedians <= base.target.value;
  return { ...base, ratio: { ofMedians, perRepetition: summarize(pairs) }, pass };
}

const number = (value: number): string => {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
};

export const formatMeasured = (measured: Measured): string =>
  `${number(measured.summary.median)} ${measured.unit} (${number(measured.summary.min)}–${number(measured.summary.max)})`;

function ratioText(row: FigureResult): string {
  const ratio = row.ratio!.ofMedians;
  if (row.target?.comparison !== '>=') return ratio.toFixed(2);
  const percent = ratio * 100;
  return `${percent < 10 ? percent.toFixed(1) : percent.toFixed(0)} %`;
}

function targetText(row: FigureResult): string {
  if (!row.target) return 'reported';
  return `${row.target.comparison} ${row.target.comparison === '>=' ? `${Math.round(row.target.value * 100)} %` : row.target.value}`;
}

export function table(rows: readonly FigureResult[]): string {
  const header = ['id', 'store', 'workload', 'figure: median (min–max)', 'reference: median (min–max)', 'ratio', 'target', 'result'];
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
