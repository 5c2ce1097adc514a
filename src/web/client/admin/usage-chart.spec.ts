import type { DayStats, InviteLinkStats } from './api-types';
import { barLabel, chartLayout, chartSummary, dayFormatter, joinsByMethod, nextBar, niceTop } from './usage-chart';

const day = (date: string, password: number, microsoft: number): DayStats => ({
  day: date,
  joins: password + microsoft,
  byMethod: { password, microsoft },
});
const statsOf = (days: DayStats[]): InviteLinkStats => ({
  days,
  totals: { joins: days.reduce((sum, item) => sum + item.joins, 0), byRole: [] },
});
const formatDay = dayFormatter('en-US');

describe('the usage chart', () => {
  it('rounds the top of the axis up to 1, 2 or 5 × 10ⁿ, at least 1', () => {
    expect([0, 1, 2, 3, 5, 6, 10, 11, 20, 21, 99, 101].map(niceTop)).toEqual([1, 1, 2, 5, 5, 10, 10, 20, 20, 50, 100, 200]);
  });

  it('gives every day a column of the same width, left to right, with the methods stacked to scale', () => {
    const layout = chartLayout([day('2026-04-09', 0, 0), day('2026-04-10', 2, 0), day('2026-04-11', 1, 1)], 340, 134);
    const { plot } = layout;
    expect(plot).toEqual({ left: 32, top: 10, right: 332, bottom: 110 });
    expect([layout.top, layout.ticks]).toEqual([2, [0, 1, 2]]);
    expect(layout.bars.map((bar) => [bar.day, bar.x, bar.width])).toEqual([
      ['2026-04-09', 32, 100],
      ['2026-04-10', 132, 100],
      ['2026-04-11', 232, 100],
    ]);
    // 100 px stand for 2 joins.
    expect(layout.bars[0].password).toEqual({ y: 110, height: 0 });
    expect(layout.bars[1].password).toEqual({ y: 10, height: 100 });
    expect(layout.bars[1].microsoft).toEqual({ y: 10, height: 0 });
    expect(layout.bars[2].password).toEqual({ y: 60, height: 50 });
    expect(layout.bars[2].microsoft).toEqual({ y: 10, height: 50 });
  });

  it('draws only whole numbers of joins on the axis', () => {
    expect(chartLayout([day('2026-04-11', 1, 0)], 300, 100).ticks).toEqual([0, 1]);
    expect(chartLayout([day('2026-04-11', 3, 1)], 300, 100).ticks).toEqual([0, 5]);
    expect(chartLayout([day('2026-04-11', 7, 0)], 300, 100).ticks).toEqual([0, 5, 10]);
  });

  it('says the chart in one sentence, and each bar in words, in UTC days', () => {
    const stats = statsOf([day('2026-04-09', 0, 0), day('2026-04-10', 2, 0), day('2026-04-11', 1, 1)]);
    expect(chartSummary(stats, formatDay)).toBe(
      '4 joins through the invite link in the last 3 days (3 with a password, 1 with Microsoft); busiest day Apr 10 with 2 joins.',
    );
    expect(chartSummary(statsOf([day('2026-04-09', 0, 0), day('2026-04-10', 0, 1)]), formatDay)).toBe(
      '1 join through the invite link in the last 2 days (0 with a password, 1 with Microsoft); busiest day Apr 10 with 1 join.',
    );
    expect(chartSummary(statsOf([day('2026-04-09', 0, 0)]), formatDay)).toBe('No joins through the invite link in the last 1 day.');
    expect(barLabel(day('2026-01-01', 1, 0), formatDay)).toBe('Jan 1: 1 join (1 with a password, 0 with Microsoft)');
    expect(joinsByMethod(stats)).toEqual({ password: 3, microsoft: 1 });
  });

  it('moves between bars with the arrow keys, Home and End, and stops at the ends', () => {
    expect(['ArrowLeft', 'ArrowRight', 'Home', 'End', 'Enter'].map((key) => nextBar(key, 5, 30))).toEqual([4, 6, 0, 29, undefined]);
    expect([nextBar('ArrowLeft', 0, 30), nextBar('ArrowRight', 29, 30)]).toEqual([0, 29]);
  });
});
