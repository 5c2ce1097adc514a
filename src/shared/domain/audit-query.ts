/**
 * The parameters every audit read shares (the invite-link history, the MSP audit feed and
 * `audit:export`): an instant window, a list of event types and a page size. One parser, so that
 * an auditor's query means the same thing wherever it is sent.
 */

/** Page sizes of the audit reads. */
export const AUDIT_PAGE_LIMIT = { min: 1, max: 1000, default: 100 } as const;

/**
 * An ISO-8601 date (read as midnight UTC) or a date-time with a zone: `Z`, `±hh:mm`, or `±hhmm`
 * (which the history accepted before the reads shared one parser). Never a wall-clock time
 * without a zone: its meaning would depend on the server's time zone. `T` and `Z` may be lower
 * case (RFC 3339 allows it). At most nine fraction digits (nanoseconds); only milliseconds count.
 */
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2})))?$/;

const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Milliseconds since the epoch of an accepted instant, or undefined when the text is not one.
 * The fields are checked here rather than by Date.parse, which rolls 2026-02-30 over to March
 * and reads 24:00 as the next day: a date or time that does not exist is refused.
 */
export function parseInstant(text: string): number | undefined {
  const match = INSTANT.exec(text);
  if (!match) return undefined;
  // Absent fields (the time of a plain date, the offset of Z) count as 0.
  const field = (index: number): number => Number(match[index] ?? 0);
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [1, 2, 3, 4, 5, 6, 10, 11].map(field);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  // Digits below the millisecond are dropped, not rounded: 10:00:00.0019 is 10:00:00.001.
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const utc = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millis);
  const offset = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return utc.getTime() - offset;
}

/** `type=` split at commas, each entry without the spaces around it; empty entries are kept for the caller to refuse. */
export const splitTypeList = (text: string): string[] => text.split(',').map((entry) => entry.trim());

/** A page size: digits only ("1e2", " 5" or "5.0" are not what a client meant), within AUDIT_PAGE_LIMIT. */
export function parseLimit(text: string): number | undefined {
  if (!/^[0-9]{1,4}$/.test(text)) return undefined;
  const limit = Number(text);
  return limit >= AUDIT_PAGE_LIMIT.min && limit <= AUDIT_PAGE_LIMIT.max ? limit : undefined;
}
