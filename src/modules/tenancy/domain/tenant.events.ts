import { DomainEvent } from '../../../shared/domain/event';
import { Role } from './roles';

/**
 * Everything about one tenant lives in one stream, `tenant-<id>`: the directory facts and the
 * invite link. One stream makes R9, R10 and R22 single atomic appends: configuring SSO and
 * disabling the link happen together, and a signup's append fails if the link changed after
 * the signup looked at it.
 */
export const tenantStream = (tenantId: string) => `tenant-${tenantId}`;

/** Token material as stored: a keyed hash for look-ups and an encryption for the admin's copy. */
export interface StoredInviteToken {
  readonly hash: string;
  readonly ciphertext: string;
}

export type TenantCreated = DomainEvent<
  'TenantCreated',
  { tenantId: string; mspId: string; name: string; builtInRoles: Role[] }
>;
export type TenantRoleCreated = DomainEvent<'TenantRoleCreated', { roleId: string; name: string }>;
export type TenantSsoConfigured = DomainEvent<
  'TenantSsoConfigured',
  { protocol: 'saml'; entityId: string; ssoUrl: string }
>;
export type TenantSsoRemoved = DomainEvent<'TenantSsoRemoved', Record<string, never>>;
export type TenantCanceled = DomainEvent<'TenantCanceled', Record<string, never>>;
export type TenantMemberAdded = DomainEvent<'TenantMemberAdded', { userId: string; roleId: string }>;

export type InviteLinkDisabledReason = 'admin' | 'sso_configured' | 'tenant_canceled';

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
export type InviteLinkRegenerated = DomainEvent<
  'InviteLinkRegenerated',
  { generation: number; token: StoredInviteToken }
>;
export type MemberJoinedViaInviteLink = DomainEvent<
  'MemberJoinedViaInviteLink',
  { userId: string; roleId: string; method: 'password' | 'microsoft'; generation: number }
>;

export type TenantDirectoryEvent =
  | TenantCreated
  | TenantRoleCreated
  | TenantSsoConfigured
  | TenantSsoRemoved
  | TenantCanceled
  | TenantMemberAdded;

export type InviteLinkEvent =
  | InviteLinkEnabled
  | InviteLinkDisabled
  | InviteLinkDefaultRoleChanged
  | InviteLinkAllowedDomainsChanged
  | InviteLinkMicrosoftTenantsChanged
  | InviteLinkRegenerated
  | MemberJoinedViaInviteLink;

export type TenantEvent = TenantDirectoryEvent | InviteLinkEvent;

/** The event types shown in an invite link's history (docs/rules.md, audited events). */
export const INVITE_LINK_EVENT_TYPES: ReadonlySet<string> = new Set<InviteLinkEvent['type']>([
  'InviteLinkEnabled',
  'InviteLinkDisabled',
  'InviteLinkDefaultRoleChanged',
  'InviteLinkAllowedDomainsChanged',
  'InviteLinkMicrosoftTenantsChanged',
  'InviteLinkRegenerated',
  'MemberJoinedViaInviteLink',
]);
