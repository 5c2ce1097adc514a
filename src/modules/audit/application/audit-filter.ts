import { RecordedEvent } from '../../../shared/application/event-store.port';

/**
 * Instants the feed and the export accept for `from` and `to`: an ISO-8601 date (midnight UTC) or
 * date-time with a zone (`Z` or an offset), so that no reading depends on the server's time zone.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** Milliseconds since the epoch of an accepted instant, or undefined when the text is not one. */
export function parseInstant(text: string): number | undefined {
  if (!ISO_INSTANT.test(text)) return undefined;
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  // Date.parse rolls 2026-02-30 over to March; a date that does not exist is refused instead.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  const millis = Date.parse(text);
  return Number.isFinite(millis) ? millis : undefined;
}

/** Event types, as `type` lists them: PascalCase names separated by commas. */
const TYPE_LIST = /^[A-Z][A-Za-z0-9]*(?:,[A-Z][A-Za-z0-9]*)*$/;

export function parseTypeList(text: string): string[] | undefined {
  return TYPE_LIST.test(text) ? text.split(',') : undefined;
}

/** What an auditor asked for, besides which streams: types, and a time window on `metadata.at`. */
export interface AuditFilter {
  /** Undefined: every type. */
  readonly types?: ReadonlySet<string>;
  /** Inclusive, in milliseconds since the epoch. */
  readonly from?: number;
  /** Exclusive, in milliseconds since the epoch. */
  readonly to?: number;
}

/**
 * Whether an event passes the filter. Instants compare at millisecond precision (Date.parse), so
 * `from` and `to` mean the same whatever precision the event's instant was written with.
 */
export function passes(filter: AuditFilter, event: RecordedEvent): boolean {
  if (filter.types && !filter.types.has(event.type)) return false;
  if (filter.from === undefined && filter.to === undefined) return true;
  const at = Date.parse(event.metadata.at);
  if (filter.from !== undefined && !(at >= filter.from)) return false;
  if (filter.to !== undefined && !(at < filter.to)) return false;
  return true;
}
