import { DISABLE_REASONS, JOIN_METHODS, wordOf } from './history-texts';

/** One entry of GET /api/v1/tenants/:id/invite-link/history. */
export interface HistoryItem {
  readonly id?: string;
  readonly type: string;
  readonly at: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly actor?: Actor | null;
  /** "First Last <email>" for people, "Operator" or "System" otherwise. */
  readonly actorName?: string | null;
  /** The request that wrote it: the events of one Save share it. */
  readonly correlationId?: string;
}

export interface Actor {
  readonly type: string;
  readonly id?: string | null;
}

/** Names for the ids an entry holds; each falls back to something readable without the name. */
export interface Names {
  role(id: unknown): string;
  person(id: unknown): string;
}

/** An entry in words: what happened, and what the link allows after it when that helps. */
export interface Described {
  readonly what: string;
  readonly detail?: string;
}

const list = (values: readonly unknown[]): string => values.join(', ');
const listOf = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/** "Domains added: a; removed: b" (the noun once), or the no-change sentence. */
function changes(noun: string, added: readonly unknown[], removed: readonly unknown[], unchanged: string): string {
  const parts: string[] = [];
  if (added.length) parts.push(`${noun} added: ${list(added)}`);
  if (removed.length) parts.push(`${parts.length ? 'removed' : `${noun} removed`}: ${list(removed)}`);
  return parts.join('; ') || unchanged;
}

export function describeChange(item: HistoryItem, names: Names): Described {
  const data = item.data ?? {};
  switch (item.type) {
    case 'InviteLinkEnabled':
      return { what: 'Link enabled' };
    case 'InviteLinkDisabled':
      return { what: `Link disabled (reason: ${wordOf(DISABLE_REASONS, data.reason) || data.reason || 'not recorded'})` };
    case 'InviteLinkDefaultRoleChanged':
      return {
        what: data.from
          ? `Default role changed from ${names.role(data.from)} to ${names.role(data.to)}`
          : `Default role set to ${names.role(data.to)}`,
      };
    case 'InviteLinkAllowedDomainsChanged': {
      const domains = listOf(data.domains);
      return {
        what: changes('Domains', listOf(data.added), listOf(data.removed), 'Allowed domains reordered'),
        detail: domains.length ? `Allowed now: ${list(domains)}` : 'Allowed now: any email domain',
      };
    }
    case 'InviteLinkMicrosoftTenantsChanged': {
      const tenantIds = listOf(data.tenantIds);
      return {
        what: changes('Microsoft tenants', listOf(data.added), listOf(data.removed), 'Allowed Microsoft tenants reordered'),
        detail: tenantIds.length ? `Allowed now: ${list(tenantIds)}` : 'Allowed now: any Microsoft tenant',
      };
    }
    case 'InviteLinkEmailVerificationSet':
      return { what: `Email verification turned ${data.requireEmailVerification ? 'on' : 'off'}` };
    case 'InviteLinkRegenerated':
      return { what: 'Link regenerated (the previous link stopped working)' };
    case 'MemberJoinedViaInviteLink':
      return {
        what: `${names.person(data.userId)} joined via the link ${wordOf(JOIN_METHODS, data.method) || `with ${String(data.method)}`}`,
        detail: `Role given: ${names.role(data.roleId)}`,
      };
    case 'TenantSsoConfigured':
      return {
        what: 'SSO configured for the tenant: the invite link cannot be used while it is',
        detail: typeof data.entityId === 'string' ? `Identity provider: ${data.entityId}` : undefined,
      };
    case 'TenantSsoRemoved':
      return { what: 'SSO removed: the invite link can be enabled again' };
    case 'TenantCanceled':
      return { what: 'Tenant canceled: the invite link stopped working for good' };
    default:
      return { what: item.type };
  }
}

/** A save in words: its changes in the order they were decided, and what each allows after it. */
export interface DescribedSave {
  readonly what: string;
  readonly details: readonly string[];
}

/**
 * Words a description starts with only because it starts a sentence: inside "…; link enabled"
 * they lose the capital. Others keep it (SSO, Microsoft, people's names).
 */
const SENTENCE_STARTS = new Set(['Link', 'Default', 'Domains', 'Allowed', 'Tenant', 'Email']);

function asClause(text: string): string {
  return SENTENCE_STARTS.has(text.split(' ', 1)[0]) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/**
 * The events of one save (as the API lists them, newest first) as one sentence, e.g. "Default
 * role set to Help Desk; domains added: acme.com".
 */
export function describeSave(items: readonly HistoryItem[], names: Names): DescribedSave {
  const parts = [...items].reverse().map((item) => describeChange(item, names));
  return {
    what: parts.map((part, index) => (index ? asClause(part.what) : part.what)).join('; '),
    details: parts.flatMap((part) => (part.detail ? [part.detail] : [])),
  };
}
