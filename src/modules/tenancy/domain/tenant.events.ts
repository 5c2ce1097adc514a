import { DomainEvent } from '../../../shared/domain/event';
import { InviteLinkEvent } from '../../invite-links/domain/invite-link.events';
import { Role } from './roles';

/**
 * Everything about one tenant lives in one stream, `tenant-<id>`: the directory facts and the
 * invite link. One stream makes R9, R10 and R22 single atomic appends: configuring SSO and
 * disabling the link happen together, and a signup's append fails if the link changed after
 * the signup looked at it.
 */
export const tenantStream = (tenantId: string) => `tenant-${tenantId}`;

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

export type TenantDirectoryEvent =
  | TenantCreated
  | TenantRoleCreated
  | TenantSsoConfigured
  | TenantSsoRemoved
  | TenantCanceled
  | TenantMemberAdded;

/** Every event of a tenant stream: the tenant's own and its invite link's. */
export type TenantEvent = TenantDirectoryEvent | InviteLinkEvent;
