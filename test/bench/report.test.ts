// The benchmark harness's arithmetic (bench/lib/report.ts): no timing here, only how a run's
// measurements become the ratio and verdict that the table prints.
import { compare, FigureResult, loadWarning, ratioText, table } from '../../bench/lib/report';
import { summarize } from '../../bench/lib/stats';

const row = (figures: number[], references: number[], target?: FigureResult['target']) =>
  compare({
    id: 'BX',
    backend: 'sqlite',
    workload: 'test workload',
    figure: { name: 'figure', unit: '/s', summary: summarize(figures) },
    reference: { name: 'reference', unit: '/s', summary: summarize(references) },
    target,
  });

describe('compare', () => {
  it('takes the median of the pairs figure i ÷ reference i, not the ratio of the medians', () => {
    // Pairs 0.5, 1.0, 0.9: the second pair ran while the machine was slow for both.
    const result = row([10, 20, 90], [20, 20, 100]);
    expect(result.ratio!.pairs.values).toEqual([0.5, 1, 0.9]);
    expect(result.ratio!.medianOfPairs).toBeCloseTo(0.9);
    expect(result.ratio!.ofMedians).toBeCloseTo(1.0);
    expect(result.ratio!.pairs.min).toBeCloseTo(0.5);
    expect(result.ratio!.pairs.max).toBeCloseTo(1.0);
  });

  it('judges the target on the median of the pairs', () => {
    // The ratio of the medians (1.0) would pass a 95 % target; the pairs' median (0.9) does not.
    expect(row([10, 20, 90], [20, 20, 100], { comparison: '>=', value: 0.95 }).pass).toBe(false);
    expect(row([10, 20, 90], [20, 20, 100], { comparison: '>=', value: 0.9 }).pass).toBe(true);
  });

  it('judges an upper bound the same way', () => {
    // Latency pairs 1.2, 1.6, 1.4: median 1.4.
    expect(row([12, 16, 14], [10, 10, 10], { comparison: '<=', value: 1.5 }).pass).toBe(true);
    expect(row([12, 16, 14], [10, 10, 10], { comparison: '<=', value: 1.3 }).pass).toBe(false);
  });

  it('averages the two middle pairs of an even number of repetitions', () => {
    const result = row([1, 2, 3, 4], [2, 2, 2, 2], { comparison: '>=', value: 1.25 });
    expect(result.ratio!.medianOfPairs).toBeCloseTo(1.25);
    expect(result.pass).toBe(true);
  });

  it('takes the middle pair of an odd number of repetitions, whatever the order measured', () => {
    const result = row([3, 1, 5, 2, 4], [1, 1, 1, 1, 1]);
    expect(result.ratio!.pairs.values).toEqual([3, 1, 5, 2, 4]);
    expect(result.ratio!.medianOfPairs).toBe(3);
  });

  it('reports a row without a target as neither pass nor miss', () => {
    expect(row([1, 2, 3], [1, 1, 1]).pass).toBeUndefined();
  });

  it('leaves a row without a reference alone', () => {
    const base = { id: 'B4', backend: 'sqlite' as const, workload: 'lag', figure: { name: 'lag', unit: 'ms', summary: summarize([1, 2, 3]) } };
    const result = compare(base);
    expect(result.ratio).toBeUndefined();
    expect(result.pass).toBeUndefined();
  });

  it('refuses figures and references that cannot be paired', () => {
    expect(() => row([1, 2, 3], [1])).toThrow(/3 figures and 1 references/);
    expect(() => row([1, 2], [1, 2, 3])).toThrow(/each figure needs the reference measured next to it/);
  });
});

describe('the table', () => {
  it('prints the median of the pairs with the range of the pairs', () => {
    const result = row([10, 20, 90], [20, 20, 100], { comparison: '>=', value: 0.8 });
    expect(ratioText(result)).toBe('90 % (50–100)');
    const printed = table([result]);
    expect(printed).toContain('ratio: median of pairs (range)');
    expect(printed).toContain('90 % (50–100)');
    expect(printed).toContain('pass');
  });

  it('prints a ratio with an upper bound as a plain number', () => {
    expect(ratioText(row([12, 16, 14], [10, 10, 10], { comparison: '<=', value: 1.5 }))).toBe('1.40 (1.20–1.60)');
  });
});

describe('loadWarning', () => {
  it('warns when the 1-minute load at the start is above 0.3 per core', () => {
    expect(loadWarning([0.61, 0.2, 0.1], 2)).toMatch(/figures from a loaded machine are not results/);
    expect(loadWarning([4.37, 3.76, 3.59], 2)).toContain('4.37');
  });

  it('is silent on a quiet machine', () => {
    expect(loadWarning([0.6, 2, 2], 2)).toBeUndefined();
    expect(loadWarning([0.05, 0.1, 0.2], 2)).toBeUndefined();
    expect(loadWarning([1.1, 1, 1], 4)).toBeUndefined();
  });
});
