import { createHash } from 'node:crypto';
import { describeUnsafeCharacter, firstUnsafeCharacter, UnsafeCharacter } from './unsafe-characters';
import { normalizeDomain } from './domain-name';

export type ParsedEmail =
  | { readonly ok: true; readonly email: string }
  /** `unsafe`: a character no address may hold (see unsafe-characters.ts); `malformed`: not an address. */
  | { readonly ok: false; readonly problem: 'malformed' }
  | { readonly ok: false; readonly problem: 'unsafe'; readonly unsafe: UnsafeCharacter };

/**
 * The one normalisation of every email that enters the system (signup API and join form, Add
 * Users, MSP admins, password sign-in, Microsoft's email claim). Emails are unique system-wide,
 * case-insensitively (R11): the address is trimmed of surrounding whitespace, put in Unicode NFC
 * (so that a composed and a decomposed "é" are one address), the local part lower-cased and the
 * domain converted to punycode. Refuses, before anything else, the characters of
 * unsafe-characters.ts (inner whitespace included), so that no check downstream (validator.js,
 * `encodeURI`, the hash of the reservation stream) ever sees them.
 */
export function parseEmail(email: string): ParsedEmail {
  const trimmed = email.trim();
  const unsafe = firstUnsafeCharacter(trimmed, 'email');
  if (unsafe !== null) return { ok: false, problem: 'unsafe', unsafe };
  const composed = trimmed.normalize('NFC');
  const at = composed.lastIndexOf('@');
  if (at < 1 || at === composed.length - 1) return { ok: false, problem: 'malformed' };
  // Lower-casing can decompose (İ → i + U+0307), so compose once more.
  const local = composed.slice(0, at).toLowerCase().normalize('NFC');
  if (local.includes('@') || local.length > 64) return { ok: false, problem: 'malformed' };
  const domain = normalizeDomain(composed.slice(at + 1));
  if (domain === null) return { ok: false, problem: 'malformed' };
  return { ok: true, email: `${local}@${domain}` };
}

/** The normalized address (see parseEmail), or null for something that is not a safe address. */
export function normalizeEmail(email: string): string | null {
  const parsed = parseEmail(email);
  return parsed.ok ? parsed.email : null;
}

/** Why an address holding an unsafe character is refused, for messages that name `email`. */
export const unsafeEmailReason = (unsafe: UnsafeCharacter): string => `must not contain ${describeUnsafeCharacter(unsafe)}`;

/**
 * The reservation stream of an email is named by a hash so that addresses do not end up in
 * stream names (and can be forgotten with the account later).
 */
export function emailReservationStream(normalizedEmail: string): string {
  return `emailReservation-${createHash('sha256').update(normalizedEmail).digest('hex')}`;
}
