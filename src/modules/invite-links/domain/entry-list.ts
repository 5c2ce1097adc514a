/** A list setting as the API takes it: a JSON array, or one string of separated entries. */
export type EntryListInput = string | readonly string[];

export type ParsedEntryList =
  | { readonly ok: true; readonly values: string[] }
  | { readonly ok: false; readonly invalid: string[]; readonly tooMany: boolean; readonly count: number };

/**
 * The shared rules of the link's list settings (allowed domains, allowed Microsoft tenants):
 * entries are split by `separators` when the input is one string, trimmed, blanks skipped, each
 * normalized (null = invalid, kept as typed so the error can name it), duplicates merged (the
 * first occurrence keeps its place), and at most `max` may remain. Valid lists keep the order the
 * admin typed: it is theirs to choose (say, the main domain first), so the service never re-sorts.
 */
export function parseEntryList(
  input: EntryListInput,
  separators: RegExp,
  normalize: (entry: string) => string | null,
  max: number,
): ParsedEntryList {
  const rawEntries = typeof input === 'string' ? input.split(separators) : [...input];
  const values = new Set<string>();
  const invalid: string[] = [];
  for (const raw of rawEntries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const normalized = normalize(entry);
    if (normalized === null) invalid.push(entry);
    else values.add(normalized);
  }
  const tooMany = values.size > max;
  if (invalid.length > 0 || tooMany) return { ok: false, invalid, tooMany, count: values.size };
  return { ok: true, values: [...values] };
}

/**
 * What a change of a list setting added and removed, in the lists' own order, for the event that
 * records it; null when the new list is the old one entry for entry. Since the order is the
 * admin's, a save that only reorders is a change too (nothing added or removed, a new order).
 */
export function listChange(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } | null {
  if (before.length === after.length && before.every((value, index) => value === after[index])) return null;
  const was = new Set(before);
  const now = new Set(after);
  return { added: after.filter((value) => !was.has(value)), removed: before.filter((value) => !now.has(value)) };
}
