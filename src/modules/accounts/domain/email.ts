import { createHash } from 'node:crypto';
import { normalizeDomain } from '../../invite-links/domain/allowed-domains';

/**
 * Emails are unique system-wide, case-insensitively (R11): the whole address is lower-cased
 * and its domain converted to punycode. Returns null for something that is not an address.
 */
export function normalizeEmail(email: string): string | null {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 1 || at === trimmed.length - 1) return null;
  const local = trimmed.slice(0, at).toLowerCase();
  if (/[\s@]/.test(local) || local.length > 64) return null;
  const rawDomain = trimmed.slice(at + 1);
  if (/\s/.test(rawDomain)) return null;
  const domain = normalizeDomain(rawDomain);
  if (domain === null) return null;
  return `${local}@${domain}`;
}

/**
 * The reservation stream of an email is named by a hash so that addresses do not end up in
 * stream names (and can be forgotten with the account later).
 */
export function emailReservationStream(normalizedEmail: string): string {
  return `emailReservation-${createHash('sha256').update(normalizedEmail).digest('hex')}`;
}
