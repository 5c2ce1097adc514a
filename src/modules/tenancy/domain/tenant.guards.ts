import { conflict, notFound, validationError } from '../../../shared/domain/domain-error';
import { findRole, TenantState } from './tenant.state';

/*
 * Checks that every command on the tenant stream makes first, the invite link's included:
 * they answer the same way whichever part of the decider asks.
 */

/** R10: a canceled tenant's settings, its invite link's included, never change again. */
export function requireActiveTenant(state: TenantState): void {
  if (!state.exists) throw notFound('tenant_not_found', 'Tenant not found');
  if (state.canceled)
    throw conflict('tenant_canceled', 'This tenant has been canceled; its settings can no longer be changed.');
}

/** Roles are per tenant: another tenant's role id is unknown here. */
export function requireRole(state: TenantState, roleId: string, field: string): void {
  if (!findRole(state, roleId)) {
    throw validationError('unknown_role', `${field}: unknown role "${roleId}" for this tenant`, { field });
  }
}
