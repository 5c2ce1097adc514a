import type { DayStats, InviteLinkStats } from './api-types';

/**
 * The usage panel's numbers and words, without the DOM: where each bar goes and what the chart
 * says in text (its summary, each bar's label), so that the drawing in usage-panel.ts only
 * copies them into SVG and the spec can check them.
 */

export interface Segment {
  readonly y: number;
  readonly height: number;
}

export interface Bar {
  readonly day: string;
  /** Left edge and width of the day's column (the focus and hover target, full height). */
  readonly x: number;
  readonly width: number;
  /** Password joins at the bottom, Microsoft joins stacked on them; height 0 when none. */
  readonly password: Segment;
  readonly microsoft: Segment;
}

export interface ChartLayout {
  readonly width: number;
  readonly height: number;
  /** The plot area inside the axis labels. */
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  /** The value at the top of the plot: the busiest day rounded up to 1, 2 or 5 × 10ⁿ. */
  readonly top: number;
  /** Whole numbers of joins the horizontal grid lines stand for, 0 first. */
  readonly ticks: readonly number[];
  readonly bars: readonly Bar[];
}

/** Room for the count labels on the left and the day labels below. */
const MARGIN = { left: 32, right: 8, top: 10, bottom: 24 } as const;
/** Gap between two bars, as a share of a column. */
const GAP = 0.25;

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1): round numbers on the axis. */
export function niceTop(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * magnitude >= value)!;
  return step * magnitude;
}

export function chartLayout(days: readonly DayStats[], width: number, height: number): ChartLayout {
  const plot = { left: MARGIN.left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
  const top = niceTop(Math.max(0, ...days.map((day) => day.joins)));
  // Halfway only when it is a whole number of joins.
  const ticks = top % 2 === 0 ? [0, top / 2, top] : [0, top];
  const column = days.length ? (plot.right - plot.left) / days.length : 0;
  const scale = (plot.bottom - plot.top) / top;
  const bars = days.map((day, i): Bar => {
    const password = day.byMethod.password * scale;
    const microsoft = day.byMethod.microsoft * scale;
    return {
      day: day.day,
      x: plot.left + i * column,
      width: column,
      password: { y: plot.bottom - password, height: password },
      microsoft: { y: plot.bottom - password - microsoft, height: microsoft },
    };
  });
  return { width, height, plot, top, ticks, bars };
}

/** The inset of a bar inside its column. */
export const barInset = (bar: Bar): { x: number; width: number } => ({ x: bar.x + (bar.width * GAP) / 2, width: bar.width * (1 - GAP) });

/** A UTC day as people read it ("Apr 10"); formatted in UTC so that no time zone moves it to another day. */
export function dayFormatter(locale?: string): (day: string) => string {
  const format = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return (day) => format.format(new Date(`${day}T00:00:00Z`));
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** What one bar says to a keyboard or screen-reader user, and in the readout under the chart. */
export function barLabel(day: DayStats, formatDay: (day: string) => string): string {
  return `${formatDay(day.day)}: ${plural(day.joins, 'join', 'joins')} (${day.byMethod.password} with a password, ${day.byMethod.microsoft} with Microsoft)`;
}

/** The chart in one sentence: its text alternative, shown above it too. */
export function chartSummary(stats: InviteLinkStats, formatDay: (day: string) => string): string {
  const days = stats.days.length;
  const total = stats.totals.joins;
  if (total === 0) return `No joins through the invite link in the last ${plural(days, 'day', 'days')}.`;
  const { password, microsoft } = joinsByMethod(stats);
  // The first of the busiest days: ties are rare, and one day is what a reader looks for.
  const busiest = stats.days.reduce((best, day) => (day.joins > best.joins ? day : best));
  return (
    `${plural(total, 'join', 'joins')} through the invite link in the last ${plural(days, 'day', 'days')} ` +
    `(${password} with a password, ${microsoft} with Microsoft); busiest day ${formatDay(busiest.day)} with ${plural(busiest.joins, 'join', 'joins')}.`
  );
}

/** Joins by method over the window, in the panel's order. */
export function joinsByMethod(stats: InviteLinkStats): { password: number; microsoft: number } {
  const password = stats.days.reduce((sum, day) => sum + day.byMethod.password, 0);
  return { password, microsoft: stats.totals.joins - password };
}

/** The bar a key moves the focus to, or undefined for keys the chart leaves alone. */
export function nextBar(key: string, current: number, count: number): number | undefined {
  switch (key) {
    case 'ArrowLeft':
      return Math.max(0, current - 1);
    case 'ArrowRight':
      return Math.min(count - 1, current + 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}
