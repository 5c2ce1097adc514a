/** The most allowed email domains a tenant's invite link may have (the API refuses more). */
export const MAX_ALLOWED_DOMAINS = 50;

/**
 * How many distinct domains the Allowed email domains box holds: entries are separated by white
 * space or commas, compared case-insensitively, a leading "@" ignored. Only an early hint: the
 * server parses and judges the list when it is saved.
 */
export function countDomains(text: string): number {
  const seen = new Set<string>();
  for (const entry of text.split(/[\s,]+/)) {
    const domain = entry.trim().toLowerCase().replace(/^@/, '');
    if (domain) seen.add(domain);
  }
  return seen.size;
}
