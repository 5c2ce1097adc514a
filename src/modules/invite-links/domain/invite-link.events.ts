import { DomainEvent } from '../../../shared/domain/event';

/*
 * The invite link's events. They are appended to its tenant's stream (`tenant-<id>`, see
 * tenancy/domain/tenant.events.ts), never to a stream of their own, so that a change of the
 * link and the tenant facts it depends on are decided against one revision (R9, R10, R22).
 * Names and payloads are a public contract: the history, the read models and auditors read them.
 */

/** R1: token material as stored: a keyed hash for look-ups and an encryption for the admin's copy. */
export interface StoredInviteToken {
  readonly hash: string;
  readonly ciphertext: string;
}

export type InviteLinkDisabledReason = 'admin' | 'sso_configured' | 'tenant_canceled';

/** `token` is present only when the link gets its first token (generation 1). */
export type InviteLinkEnabled = DomainEvent<
  'InviteLinkEnabled',
  { generation: number; token?: StoredInviteToken }
>;
export type InviteLinkDisabled = DomainEvent<'InviteLinkDisabled', { reason: InviteLinkDisabledReason }>;
export type InviteLinkDefaultRoleChanged = DomainEvent<
  'InviteLinkDefaultRoleChanged',
  { from: string | null; to: string }
>;
export type InviteLinkAllowedDomainsChanged = DomainEvent<
  'InviteLinkAllowedDomainsChanged',
  { added: string[]; removed: string[]; domains: string[] }
>;
/** The Microsoft tenants (`tid`) whose accounts may sign up through the link; empty = any. */
export type InviteLinkMicrosoftTenantsChanged = DomainEvent<
  'InviteLinkMicrosoftTenantsChanged',
  { added: string[]; removed: string[]; tenantIds: string[] }
>;
/**
 * Whether a password signup must prove it owns its email address before it joins (a mail with a
 * one-time link). Microsoft signups are verified by Microsoft (`xms_edov`) either way.
 */
export type InviteLinkEmailVerificationSet = DomainEvent<
  'InviteLinkEmailVerificationSet',
  { requireEmailVerification: boolean }
>;
/**
 * Recorded by "Revoke & Generate" (R8). The event keeps its older name because stored
 * streams, read models and auditors know it by that name.
 */
export type InviteLinkRegenerated = DomainEvent<
  'InviteLinkRegenerated',
  { generation: number; token: StoredInviteToken }
>;
export type MemberJoinedViaInviteLink = DomainEvent<
  'MemberJoinedViaInviteLink',
  { userId: string; roleId: string; method: 'password' | 'microsoft'; generation: number }
>;

export type InviteLinkEvent =
  | InviteLinkEnabled
  | InviteLinkDisabled
  | InviteLinkDefaultRoleChanged
  | InviteLinkAllowedDomainsChanged
  | InviteLinkMicrosoftTenantsChanged
  | InviteLinkEmailVerificationSet
  | InviteLinkRegenerated
  | MemberJoinedViaInviteLink;

/** The event types shown in an invite link's history (docs/rules.md, audited events). */
export const INVITE_LINK_EVENT_TYPES: ReadonlySet<string> = new Set<InviteLinkEvent['type']>([
  'InviteLinkEnabled',
  'InviteLinkDisabled',
  'InviteLinkDefaultRoleChanged',
  'InviteLinkAllowedDomainsChanged',
  'InviteLinkMicrosoftTenantsChanged',
  'InviteLinkEmailVerificationSet',
  'InviteLinkRegenerated',
  'MemberJoinedViaInviteLink',
]);

export function isInviteLinkEvent(event: { readonly type: string }): event is InviteLinkEvent {
  return INVITE_LINK_EVENT_TYPES.has(event.type);
}
