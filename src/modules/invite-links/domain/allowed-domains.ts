import { emailDomain, normalizeDomain } from '../../../shared/domain/domain-name';
import { EntryListInput, parseEntryList } from './entry-list';

export const MAX_ALLOWED_DOMAINS = 50;

export type AllowedDomainsInput = EntryListInput;

export type ParsedDomains =
  | { readonly ok: true; readonly domains: string[] }
  | { readonly ok: false; readonly invalid: string[]; readonly tooMany: boolean; readonly count: number };

/**
 * R3: a JSON array or one string with entries separated by commas and/or newlines. Each entry
 * is trimmed, lower-cased, a leading `@` dropped, IDN converted to punycode, and must be a
 * hostname with at least one dot. Duplicates are merged; at most 50 remain.
 */
export function parseAllowedDomains(input: AllowedDomainsInput): ParsedDomains {
  const parsed = parseEntryList(input, /[,\r\n]+/, normalizeDomain, MAX_ALLOWED_DOMAINS);
  return parsed.ok ? { ok: true, domains: parsed.values } : parsed;
}

/** R12: exact match only; a subdomain matches only when it is listed itself. */
export function isEmailDomainAllowed(email: string, allowedDomains: readonly string[]): boolean {
  if (allowedDomains.length === 0) return true;
  const domain = emailDomain(email);
  return domain !== null && allowedDomains.includes(domain);
}
