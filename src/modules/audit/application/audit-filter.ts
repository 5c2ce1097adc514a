import { RecordedEvent } from '../../../shared/application/event-store.port';

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
