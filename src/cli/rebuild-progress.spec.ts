import { RebuildProgress } from '../infrastructure/read-models/rebuild/rebuild-read-models';
import { formatDuration, LineProgressDisplay, progressFigures, progressLine } from './rebuild-progress';

const progress = (overrides: Partial<RebuildProgress>): RebuildProgress => ({
  generation: '20250101-000000-abcdef',
  phase: 'replaying',
  events: 0,
  position: undefined,
  firstPosition: 1,
  targetPosition: 1000,
  elapsedMs: 0,
  ...overrides,
});

describe('rebuild progress', () => {
  it('measures how far along from positions, and the rate from events and time', () => {
    const figures = progressFigures(progress({ events: 250, position: 250, elapsedMs: 500 }));
    expect(figures.fraction).toBe(0.25);
    expect(figures.rate).toBe(500);
    expect(figures.etaSeconds).toBeCloseTo(1.5);
  });

  it('has no ETA before the first batch and none left at the end, even past the captured head or on an empty log', () => {
    expect(progressFigures(progress({})).etaSeconds).toBeUndefined();
    expect(progressFigures(progress({ events: 1200, position: 1200, elapsedMs: 1000 })).fraction).toBe(1);
    expect(progressFigures(progress({ phase: 'done', events: 1000, position: 1000, elapsedMs: 1000 })).etaSeconds).toBe(0);
    expect(progressFigures(progress({ firstPosition: undefined, targetPosition: undefined })).fraction).toBe(1);
  });

  it('formats one line and durations for people', () => {
    expect(progressLine(progress({ events: 12_345, position: 617, elapsedMs: 2000 }))).toBe(
      '12,345 events (61.7%), 6,173 events/s, ETA 1.2 s',
    );
    expect(formatDuration(undefined)).toBe('--');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3 * 3600 + 65)).toBe('3 h 01 min');
  });

  it('prints a plain line at most every interval', () => {
    const lines: string[] = [];
    let now = 0;
    const display = new LineProgressDisplay((line) => lines.push(line), 2000, () => now);
    display.update(progress({}));
    for (now = 100; now <= 5000; now += 100) display.update(progress({ events: now, position: now / 5, elapsedMs: now }));
    display.update(progress({ phase: 'done', events: 5000, position: 1000, elapsedMs: 5000 }));
    expect(lines[0]).toBe('Rebuilding read models into generation 20250101-000000-abcdef (head position 1000)');
    expect(lines.slice(1)).toEqual([
      'Rebuild: 2,000 events (40.0%), 1,000 events/s, ETA 3.0 s',
      'Rebuild: 4,000 events (80.0%), 1,000 events/s, ETA 1.0 s',
    ]);
  });
});
