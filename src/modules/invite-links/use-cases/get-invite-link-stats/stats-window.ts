const DAY_MS = 86_400_000;

/** The UTC days a stats answer covers: `days` of them, the last one being the day of `now`. */
export interface StatsWindow {
  /** Oldest first, 'YYYY-MM-DD'. */
  readonly days: readonly string[];
  readonly fromDay: string;
  /** The day after the window: the read model's range is half-open, like every range here. */
  readonly toDayExclusive: string;
}

const dayOf = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

/**
 * Counted in UTC, not in the server's or the viewer's zone, so that the same request gives the
 * same days wherever it runs and matches the read model's UTC days. UTC days are all 24 hours
 * long, so stepping by milliseconds never skips or repeats one.
 */
export function statsWindow(now: Date, days: number): StatsWindow {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const list = Array.from({ length: days }, (_, i) => dayOf(today - (days - 1 - i) * DAY_MS));
  return { days: list, fromDay: list[0], toDayExclusive: dayOf(today + DAY_MS) };
}
