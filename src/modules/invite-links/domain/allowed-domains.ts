import { domainToASCII } from 'node:url';
import { EntryListInput, parseEntryList } from './entry-list';

export const MAX_ALLOWED_DOMAINS = 50;

export type AllowedDomainsInput = EntryListInput;

export type ParsedDomains =
  | { readonly ok: true; readonly domains: string[] }
  | { readonly ok: false; readonly invalid: string[]; readonly tooMany: boolean; readonly count: number };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * R3: a JSON array or one string with entries separated by commas and/or newlines. Each entry
 * is trimmed, lower-cased, a leading `@` dropped, IDN converted to punycode, and must be a
 * hostname with at least one dot. Duplicates are merged; at most 50 remain.
 */
export function parseAllowedDomains(input: AllowedDomainsInput): ParsedDomains {
  const parsed = parseEntryList(input, /[,\r\n]+/, normalizeDomain, MAX_ALLOWED_DOMAINS);
  return parsed.ok ? { ok: true, domains: parsed.values } : parsed;
}

/** The ASCII (punycode) lower-case form of a hostname, or null when it is not a valid one. */
export function normalizeDomain(value: string): string | null {
  let host = value.trim().toLowerCase();
  if (host.startsWith('@')) host = host.slice(1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === '' || /[\s/\\:@?#]/.test(host)) return null;
  const ascii = domainToASCII(host);
  if (ascii === '' || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2) return null;
  if (!labels.every((label) => LABEL.test(label))) return null;
  // A top-level label made only of digits is an IP address, not a domain.
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return null;
  return ascii;
}

/** The domain part of an email address in its normalized (punycode) form, or null. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 1) return null;
  return normalizeDomain(email.slice(at + 1));
}

/** R12: exact match only; a subdomain matches only when it is listed itself. */
export function isEmailDomainAllowed(email: string, allowedDomains: readonly string[]): boolean {
  if (allowedDomains.length === 0) return true;
  const domain = emailDomain(email);
  return domain !== null && allowedDomains.includes(domain);
}
