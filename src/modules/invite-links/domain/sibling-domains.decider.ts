import { Decider } from '../../../shared/domain/decider';
import { conflict } from '../../../shared/domain/domain-error';
import { DomainEvent } from '../../../shared/domain/event';

/**
 * R4: an allowed domain belongs to at most one tenant among the siblings of one MSP. The claims
 * of all tenants of an MSP live in one stream, `mspDomainClaims-<mspId>`, so that uniqueness is
 * decided by one append with an expected revision, never by a read model.
 *
 * Claims always cover a tenant's allowed domains (claims ⊇ allowed): a change first claims
 * the domains it adds, then appends to the tenant stream, then releases what the tenant no
 * longer lists. A release names the tenant revision it was computed from and drops only
 * claims made against an older revision, so it can never undo the claim of a concurrent
 * update that has not reached the tenant stream yet.
 */
export const siblingDomainsStream = (mspId: string) => `mspDomainClaims-${mspId}`;

export type SiblingDomainsClaimed = DomainEvent<
  'SiblingDomainsClaimed',
  { tenantId: string; domains: string[]; tenantRevision: number }
>;
export type SiblingDomainsReleased = DomainEvent<
  'SiblingDomainsReleased',
  { tenantId: string; domains: string[]; tenantRevision: number }
>;
export type SiblingDomainsEvent = SiblingDomainsClaimed | SiblingDomainsReleased;

export interface DomainClaim {
  readonly tenantId: string;
  /** Revision of the tenant stream the claiming decision was based on. */
  readonly tenantRevision: number;
}

export interface SiblingDomainsState {
  readonly claims: ReadonlyMap<string, DomainClaim>;
}

export type SiblingDomainsCommand =
  | { type: 'ClaimDomains'; tenantId: string; domains: readonly string[]; tenantRevision: number }
  | {
      type: 'ReleaseStaleClaims';
      tenantId: string;
      /** The tenant's allowed domains at `tenantRevision` (empty for a canceled tenant). */
      allowedDomains: readonly string[];
      tenantRevision: number;
    };

function decide(command: SiblingDomainsCommand, state: SiblingDomainsState): SiblingDomainsEvent[] {
  const { tenantId, tenantRevision } = command;
  if (command.type === 'ClaimDomains') {
    const taken = command.domains.filter((domain) => {
      const owner = state.claims.get(domain);
      return owner !== undefined && owner.tenantId !== tenantId;
    });
    if (taken.length > 0) {
      throw conflict(
        'domain_taken_by_sibling',
        `allowedDomains: already allowed for another tenant of this MSP: ${taken.join(', ')}`,
        { field: 'allowedDomains', domains: taken },
      );
    }
    const toClaim = command.domains.filter((domain) => {
      const owner = state.claims.get(domain);
      return owner === undefined || owner.tenantRevision < tenantRevision;
    });
    return toClaim.length > 0
      ? [{ type: 'SiblingDomainsClaimed', data: { tenantId, domains: [...toClaim], tenantRevision } }]
      : [];
  }
  const keep = new Set(command.allowedDomains);
  const stale = [...state.claims]
    .filter(([domain, claim]) => claim.tenantId === tenantId && claim.tenantRevision < tenantRevision && !keep.has(domain))
    .map(([domain]) => domain);
  return stale.length > 0 ? [{ type: 'SiblingDomainsReleased', data: { tenantId, domains: stale, tenantRevision } }] : [];
}

function evolve(state: SiblingDomainsState, event: SiblingDomainsEvent): SiblingDomainsState {
  const claims = new Map(state.claims);
  for (const domain of event.data.domains) {
    if (event.type === 'SiblingDomainsClaimed') {
      claims.set(domain, { tenantId: event.data.tenantId, tenantRevision: event.data.tenantRevision });
    } else {
      claims.delete(domain);
    }
  }
  return { claims };
}

export const siblingDomainsDecider: Decider<SiblingDomainsCommand, SiblingDomainsState, SiblingDomainsEvent> = {
  initialState: { claims: new Map() },
  decide,
  evolve,
};
