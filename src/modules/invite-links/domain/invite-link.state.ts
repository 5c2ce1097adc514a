import { InviteLinkEvent, StoredInviteToken } from './invite-link.events';

/**
 * The invite link's slice of the tenant state (`TenantState.inviteLink`). It is folded from the
 * link's own events only; what it depends on outside itself (does the tenant exist, is it
 * canceled, is SSO configured, which roles exist) the rules read through TenantFacts.
 */
export interface InviteLinkState {
  readonly enabled: boolean;
  readonly defaultRoleId: string | null;
  readonly allowedDomains: readonly string[];
  /** Microsoft tenant ids (`tid`) allowed to sign up with Microsoft; empty = any. */
  readonly allowedMicrosoftTenantIds: readonly string[];
  /** Password signups wait for a confirmed email before they join (InviteLinkEmailVerificationSet). */
  readonly requireEmailVerification: boolean;
  readonly token: StoredInviteToken | null;
  /** 1 for the first token, +1 for each Revoke & Generate; 0 before any token exists. */
  readonly generation: number;
}

/**
 * R1: one link per tenant, present from the tenant's creation on, disabled and without a token.
 * Snapshots of tenant streams are matched by the state's shape: adding or renaming a key here
 * makes every stored tenant snapshot unusable (they are then folded from the start once).
 */
export const initialInviteLinkState: InviteLinkState = {
  enabled: false,
  defaultRoleId: null,
  allowedDomains: [],
  allowedMicrosoftTenantIds: [],
  requireEmailVerification: false,
  token: null,
  generation: 0,
};

export function evolveInviteLink(link: InviteLinkState, event: InviteLinkEvent): InviteLinkState {
  switch (event.type) {
    case 'InviteLinkEnabled':
      // R7: re-enabling carries no token, so the link keeps its token and its URL.
      return event.data.token
        ? { ...link, enabled: true, token: event.data.token, generation: event.data.generation }
        : { ...link, enabled: true };
    case 'InviteLinkDisabled':
      return { ...link, enabled: false };
    case 'InviteLinkDefaultRoleChanged':
      return { ...link, defaultRoleId: event.data.to };
    case 'InviteLinkAllowedDomainsChanged':
      return { ...link, allowedDomains: event.data.domains };
    case 'InviteLinkMicrosoftTenantsChanged':
      return { ...link, allowedMicrosoftTenantIds: event.data.tenantIds };
    case 'InviteLinkEmailVerificationSet':
      return { ...link, requireEmailVerification: event.data.requireEmailVerification };
    case 'InviteLinkRegenerated':
      // R8: the new token replaces the old one; only the newest token is ever kept.
      return { ...link, token: event.data.token, generation: event.data.generation };
    case 'MemberJoinedViaInviteLink':
      // Counted by the tenant (memberCount); the link's settings do not change.
      return link;
  }
}
