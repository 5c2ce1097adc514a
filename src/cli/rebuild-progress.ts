import { Presets, SingleBar } from 'cli-progress';
import { RebuildProgress } from '../infrastructure/read-models/rebuild/rebuild-read-models';

export interface ProgressFigures {
  readonly events: number;
  /** 0..1, from positions: how far the last applied event is between the first one and the head captured at the start. */
  readonly fraction: number;
  /** Events applied per second since the start. */
  readonly rate: number;
  /** Undefined until something was applied. */
  readonly etaSeconds: number | undefined;
  readonly elapsedSeconds: number;
}

/**
 * Positions, not event counts, measure how far along a rebuild is: the head position is known
 * up front, the number of events is not (KurrentDB positions are byte offsets, not counters).
 */
export function progressFigures(progress: RebuildProgress): ProgressFigures {
  const elapsedSeconds = progress.elapsedMs / 1000;
  const { firstPosition: first, targetPosition: target, position } = progress;
  let fraction: number;
  if (progress.phase === 'done' || first === undefined || target === undefined) {
    fraction = progress.phase === 'done' || first === undefined ? 1 : 0;
  } else if (position === undefined) {
    fraction = 0;
  } else {
    fraction = Math.min(1, Math.max(0, (position - first + 1) / (target - first + 1)));
  }
  const rate = elapsedSeconds > 0 ? progress.events / elapsedSeconds : 0;
  const etaSeconds =
    fraction >= 1 ? 0 : fraction > 0 && elapsedSeconds > 0 ? (elapsedSeconds * (1 - fraction)) / fraction : undefined;
  return { events: progress.events, fraction, rate, etaSeconds, elapsedSeconds };
}

const count = (value: number) => Math.round(value).toLocaleString('en-US');

export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
}

/** One line: `12,345 events (61.7%), 35,210 events/s, ETA 4.2 s`. */
export function progressLine(progress: RebuildProgress): string {
  const figures = progressFigures(progress);
  return (
    `${count(figures.events)} events (${(figures.fraction * 100).toFixed(1)}%), ` +
    `${count(figures.rate)} events/s, ETA ${formatDuration(figures.etaSeconds)}`
  );
}

export interface ProgressDisplay {
  update(progress: RebuildProgress): void;
  /** Ends the display (success or not) before the summary or the error line is printed. */
  stop(): void;
}

/** An interactive bar, for a terminal. */
export class BarProgressDisplay implements ProgressDisplay {
  private readonly bar: SingleBar;
  private started = false;

  constructor(stream: NodeJS.WritableStream = process.stderr) {
    this.bar = new SingleBar(
      {
        stream,
        format: 'Rebuilding read models [{bar}] {percentage}% | {eventsText} events | {rateText} events/s | ETA {etaText}',
        barsize: 30,
        hideCursor: true,
        fps: 10,
      },
      Presets.shades_classic,
    );
  }

  update(progress: RebuildProgress): void {
    const figures = progressFigures(progress);
    const payload = {
      eventsText: count(figures.events),
      rateText: count(figures.rate),
      etaText: formatDuration(figures.etaSeconds),
    };
    const value = Math.round(figures.fraction * 1000);
    if (!this.started) {
      this.started = true;
      this.bar.start(1000, value, payload);
    } else {
      this.bar.update(value, payload);
    }
  }

  stop(): void {
    if (this.started) this.bar.stop();
    this.started = false;
  }
}

/** Plain lines at most every `intervalMs`, for logs and pipes (no cursor tricks). */
export class LineProgressDisplay implements ProgressDisplay {
  private lastLineAt: number | undefined;

  constructor(
    private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
    private readonly intervalMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  update(progress: RebuildProgress): void {
    const now = this.now();
    if (this.lastLineAt === undefined) {
      this.lastLineAt = now;
      const head = progress.targetPosition === undefined ? 'the event log is empty' : `head position ${progress.targetPosition}`;
      this.write(`Rebuilding read models into generation ${progress.generation} (${head})`);
      return;
    }
    if (progress.phase === 'done' || now - this.lastLineAt < this.intervalMs) return;
    this.lastLineAt = now;
    this.write(`Rebuild: ${progressLine(progress)}`);
  }

  stop(): void {}
}
