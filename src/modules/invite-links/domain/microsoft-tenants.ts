import { EntryListInput, parseEntryList } from './entry-list';

export const MAX_ALLOWED_MICROSOFT_TENANTS = 50;

export type MicrosoftTenantIdsInput = EntryListInput;

export type ParsedMicrosoftTenantIds =
  | { readonly ok: true; readonly tenantIds: string[] }
  | { readonly ok: false; readonly invalid: string[]; readonly tooMany: boolean; readonly count: number };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The optional list of Microsoft Entra tenant ids (`tid`) whose accounts may sign up through a
 * link (docs/http-api.md, Microsoft sign-in; empty = any Microsoft tenant). Same input forms as the allowed domains: a JSON
 * array or one string with entries separated by commas, whitespace or newlines. Each entry must be
 * a GUID (braces tolerated, case ignored); duplicates are merged; at most 50 remain.
 */
export function parseMicrosoftTenantIds(input: MicrosoftTenantIdsInput): ParsedMicrosoftTenantIds {
  const parsed = parseEntryList(input, /[,\s]+/, normalizeMicrosoftTenantId, MAX_ALLOWED_MICROSOFT_TENANTS);
  return parsed.ok ? { ok: true, tenantIds: parsed.values } : parsed;
}

/** Lower-case GUID form of a tenant id, or null when it is not one. */
export function normalizeMicrosoftTenantId(value: string): string | null {
  const candidate = value.trim().toLowerCase().replace(/^\{(.*)\}$/, '$1');
  return GUID.test(candidate) ? candidate : null;
}

/** True when the list is empty (no restriction) or names this tenant id. */
export function isMicrosoftTenantAllowed(tid: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const normalized = normalizeMicrosoftTenantId(tid);
  return normalized !== null && allowed.includes(normalized);
}
