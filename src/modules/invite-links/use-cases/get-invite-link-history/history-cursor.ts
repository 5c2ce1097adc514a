import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The history's paging cursor: the stream revision of the last item a page returned, the
 * tenant and the order it belongs to, and a MAC. A revision never moves once written, so paging
 * from it neither repeats nor skips an item while events are being appended. The MAC makes the
 * cursor opaque in practice: a cursor the service did not issue (edited, made up, or taken from
 * another tenant or order) is refused rather than silently read as some other position.
 */
export type HistoryOrder = 'asc' | 'desc';

export interface HistoryCursor {
  readonly revision: number;
}

const MAC_LENGTH = 16;

/** A key of its own, derived from TOKEN_SECRET, so that a cursor's MAC says nothing about tokens. */
export function historyCursorKey(tokenSecret: string): Buffer {
  return createHmac('sha256', tokenSecret).update('invite-link-history-cursor/v1').digest();
}

const macOf = (key: Buffer, tenantId: string, order: HistoryOrder, revision: number): Buffer =>
  createHmac('sha256', key).update(`${tenantId}\n${order}\n${revision}`).digest().subarray(0, MAC_LENGTH);

export function encodeHistoryCursor(key: Buffer, tenantId: string, order: HistoryOrder, revision: number): string {
  return `${revision.toString(36)}.${macOf(key, tenantId, order, revision).toString('base64url')}`;
}

/** The cursor's position, or null when the service did not issue it for this tenant and order. */
export function decodeHistoryCursor(key: Buffer, tenantId: string, order: HistoryOrder, cursor: string): HistoryCursor | null {
  const match = /^([0-9a-z]{1,11})\.([A-Za-z0-9_-]{22})$/.exec(cursor);
  if (!match) return null;
  const revision = parseInt(match[1], 36);
  // One spelling per position: "02" is not the cursor the service issued for 2.
  if (!Number.isSafeInteger(revision) || revision.toString(36) !== match[1]) return null;
  // Compared as text: base64url has several spellings of one 16-byte MAC (the last character's
  // low bits are padding), and only the one the service issued is its cursor.
  const given = Buffer.from(match[2], 'ascii');
  const expected = Buffer.from(macOf(key, tenantId, order, revision).toString('base64url'), 'ascii');
  return given.length === expected.length && timingSafeEqual(given, expected) ? { revision } : null;
}
