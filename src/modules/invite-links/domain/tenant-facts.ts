import { conflict, notFound, validationError } from '../../../shared/domain/domain-error';
import { InviteLinkState } from './invite-link.state';

/**
 * What the invite link's rules read about their tenant, declared here so that this folder never
 * imports tenancy/domain: the tenant decider there composes the link's part and passes its
 * whole state, which has these keys (TenantState), so nothing is copied or renamed and the
 * snapshot shape stays the tenant's.
 */
export interface TenantFacts {
  readonly exists: boolean;
  readonly canceled: boolean;
  /** Only whether SSO is configured matters to the link (R9). */
  readonly sso: object | null;
  readonly roles: readonly { readonly id: string }[];
  readonly inviteLink: InviteLinkState;
}

/*
 * Checks that every command on the tenant stream makes first, the tenant's own and the link's:
 * both parts call these, so they answer the same way whichever part asks.
 */

/** R10: a canceled tenant's settings, its invite link's included, never change again. */
export function requireActiveTenant(tenant: TenantFacts): void {
  if (!tenant.exists) throw notFound('tenant_not_found', 'Tenant not found');
  if (tenant.canceled)
    throw conflict('tenant_canceled', 'This tenant has been canceled; its settings can no longer be changed.');
}

/** Roles are per tenant: another tenant's role id is unknown here. */
export function requireRole(tenant: TenantFacts, roleId: string, field: string): void {
  if (!tenant.roles.some((role) => role.id === roleId)) {
    throw validationError('unknown_role', `${field}: unknown role "${roleId}" for this tenant`, { field });
  }
}
