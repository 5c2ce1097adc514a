import { conflict } from '../../../shared/domain/domain-error';
import { disableIfEnabled } from '../../invite-links/domain/invite-link.availability';
import { requireActiveTenant, requireRole } from '../../invite-links/domain/tenant-facts';
import { BUILT_IN_ROLES } from './roles';
import { TenantEvent } from './tenant.events';
import { SsoConfiguration, TenantState } from './tenant.state';

/** The tenant's own commands: the directory facts (tenant, roles, members), SSO and cancelation. */
export type TenantDirectoryCommand =
  | { type: 'CreateTenant'; tenantId: string; mspId: string; name: string }
  | { type: 'CreateRole'; roleId: string; name: string }
  | { type: 'ConfigureSso'; sso: SsoConfiguration }
  | { type: 'RemoveSso' }
  | { type: 'CancelTenant' }
  | { type: 'AddMember'; userId: string; roleId: string };

/**
 * The tenant's part of the tenant decider (tenant.decider.ts). SSO and cancelation also end the
 * invite link (R9, R10); that consequence is the link's rule (invite-link.availability.ts), and
 * it is appended together with the tenant's event.
 */
export function decideTenantDirectory(command: TenantDirectoryCommand, state: TenantState): TenantEvent[] {
  switch (command.type) {
    case 'CreateTenant':
      if (state.exists) throw conflict('tenant_exists', 'Tenant already exists');
      return [
        {
          type: 'TenantCreated',
          data: { tenantId: command.tenantId, mspId: command.mspId, name: command.name, builtInRoles: [...BUILT_IN_ROLES] },
        },
      ];
    case 'CreateRole': {
      requireActiveTenant(state);
      const wanted = command.name.trim().toLowerCase();
      if (state.roles.some((role) => role.name.toLowerCase() === wanted)) {
        throw conflict('role_name_taken', `name: a role named "${command.name.trim()}" already exists in this tenant`);
      }
      return [{ type: 'TenantRoleCreated', data: { roleId: command.roleId, name: command.name.trim() } }];
    }
    case 'ConfigureSso': {
      requireActiveTenant(state);
      const same =
        state.sso?.protocol === command.sso.protocol &&
        state.sso.entityId === command.sso.entityId &&
        state.sso.ssoUrl === command.sso.ssoUrl;
      if (same) return [];
      // R9: the link is disabled in the same append, so no signup can slip in between.
      return [{ type: 'TenantSsoConfigured', data: { ...command.sso } }, ...disableIfEnabled(state.inviteLink, 'sso_configured')];
    }
    case 'RemoveSso':
      requireActiveTenant(state);
      // Removing SSO never re-enables the link (R9).
      return state.sso ? [{ type: 'TenantSsoRemoved', data: {} }] : [];
    case 'CancelTenant':
      requireActiveTenant(state);
      // R10: the link is disabled in the same append.
      return [{ type: 'TenantCanceled', data: {} }, ...disableIfEnabled(state.inviteLink, 'tenant_canceled')];
    case 'AddMember':
      requireActiveTenant(state);
      requireRole(state, command.roleId, 'roleId');
      return [{ type: 'TenantMemberAdded', data: { userId: command.userId, roleId: command.roleId } }];
  }
}

/** Folds the tenant's own facts; the invite link's slice is folded by the link's part. */
export function evolveTenantDirectory(state: TenantState, event: TenantEvent): TenantState {
  switch (event.type) {
    case 'TenantCreated':
      return {
        ...state,
        exists: true,
        tenantId: event.data.tenantId,
        mspId: event.data.mspId,
        name: event.data.name,
        roles: event.data.builtInRoles,
      };
    case 'TenantRoleCreated':
      return { ...state, roles: [...state.roles, { id: event.data.roleId, name: event.data.name, builtIn: false }] };
    case 'TenantSsoConfigured':
      return { ...state, sso: { ...event.data } };
    case 'TenantSsoRemoved':
      return { ...state, sso: null };
    case 'TenantCanceled':
      return { ...state, canceled: true };
    case 'TenantMemberAdded':
    case 'MemberJoinedViaInviteLink':
      return { ...state, memberCount: state.memberCount + 1 };
    default:
      return state;
  }
}
