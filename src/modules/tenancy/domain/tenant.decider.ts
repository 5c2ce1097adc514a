import { Decider } from '../../../shared/domain/decider';
import { conflict, forbidden, notFound, validationError } from '../../../shared/domain/domain-error';
import {
  AllowedDomainsInput,
  isEmailDomainAllowed,
  MAX_ALLOWED_DOMAINS,
  parseAllowedDomains,
} from '../../invite-links/domain/allowed-domains';
import { listChange } from '../../invite-links/domain/entry-list';
import {
  isMicrosoftTenantAllowed,
  MAX_ALLOWED_MICROSOFT_TENANTS,
  MicrosoftTenantIdsInput,
  parseMicrosoftTenantIds,
} from '../../invite-links/domain/microsoft-tenants';
import { BUILT_IN_ROLES, Role } from './roles';
import { InviteLinkDisabledReason, StoredInviteToken, TenantEvent } from './tenant.events';

export const SSO_UNAVAILABLE_MESSAGE = 'Not available - SSO is configured for this tenant.';
export const EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE =
  'Signups through this invite link are limited to specific email domains, and yours is not one of them.';
export const MICROSOFT_TENANT_NOT_ALLOWED_MESSAGE =
  'Signups with Microsoft through this invite link are limited to specific Microsoft organizations, and yours is not one of them.';
export const CANCELED_UNAVAILABLE_MESSAGE = 'Not available - this tenant has been canceled.';
/** R16: one answer for every link that does not work, whatever the reason. */
export const INVALID_LINK_MESSAGE =
  'This invite link is not valid or has been deactivated. Please contact your administrator.';

export interface SsoConfiguration {
  readonly protocol: 'saml';
  readonly entityId: string;
  readonly ssoUrl: string;
}

export interface InviteLinkState {
  readonly enabled: boolean;
  readonly defaultRoleId: string | null;
  readonly allowedDomains: readonly string[];
  /** Microsoft tenant ids (`tid`) allowed to sign up with Microsoft; empty = any. */
  readonly allowedMicrosoftTenantIds: readonly string[];
  readonly token: StoredInviteToken | null;
  /** 1 for the first token, +1 for each regeneration; 0 before any token exists. */
  readonly generation: number;
}

export interface TenantState {
  readonly exists: boolean;
  readonly tenantId: string;
  readonly mspId: string;
  readonly name: string;
  readonly canceled: boolean;
  readonly roles: readonly Role[];
  readonly sso: SsoConfiguration | null;
  readonly memberCount: number;
  readonly inviteLink: InviteLinkState;
}

export type TenantCommand =
  | { type: 'CreateTenant'; tenantId: string; mspId: string; name: string }
  | { type: 'CreateRole'; roleId: string; name: string }
  | { type: 'ConfigureSso'; sso: SsoConfiguration }
  | { type: 'RemoveSso' }
  | { type: 'CancelTenant' }
  | { type: 'AddMember'; userId: string; roleId: string }
  | {
      type: 'UpdateInviteLink';
      enabled?: boolean;
      defaultRoleId?: string;
      allowedDomains?: AllowedDomainsInput;
      allowedMicrosoftTenantIds?: MicrosoftTenantIdsInput;
      /** Used only when the link gets its first token. */
      newToken: StoredInviteToken;
    }
  | { type: 'RegenerateInviteLink'; newToken: StoredInviteToken }
  | {
      type: 'JoinViaInviteLink';
      userId: string;
      tokenHash: string;
      email: string;
      method: 'password' | 'microsoft';
      /** The `tid` of a Microsoft signup (checked against the link's allowed Microsoft tenants). */
      microsoftTenantId?: string;
    };

export const initialTenantState: TenantState = {
  exists: false,
  tenantId: '',
  mspId: '',
  name: '',
  canceled: false,
  roles: [],
  sso: null,
  memberCount: 0,
  inviteLink: { enabled: false, defaultRoleId: null, allowedDomains: [], allowedMicrosoftTenantIds: [], token: null, generation: 0 },
};

/** Why the link cannot be used at all right now, in the words shown to the admin. */
export function unavailableReason(state: TenantState): string | null {
  if (state.canceled) return CANCELED_UNAVAILABLE_MESSAGE;
  if (state.sso) return SSO_UNAVAILABLE_MESSAGE;
  return null;
}

/** True when a signup may use this token right now (R7, R8, R9, R10, R16). */
export function acceptsToken(state: TenantState, tokenHash: string): boolean {
  const link = state.inviteLink;
  return (
    state.exists &&
    unavailableReason(state) === null &&
    link.enabled &&
    link.token !== null &&
    link.token.hash === tokenHash
  );
}

export function findRole(state: TenantState, roleId: string): Role | undefined {
  return state.roles.find((role) => role.id === roleId);
}

function requireActiveTenant(state: TenantState): void {
  if (!state.exists) throw notFound('tenant_not_found', 'Tenant not found');
  if (state.canceled)
    throw conflict('tenant_canceled', 'This tenant has been canceled; its settings can no longer be changed.');
}

function requireRole(state: TenantState, roleId: string, field: string): void {
  if (!findRole(state, roleId)) {
    throw validationError('unknown_role', `${field}: unknown role "${roleId}" for this tenant`, { field });
  }
}

function disableIfEnabled(state: TenantState, reason: InviteLinkDisabledReason): TenantEvent[] {
  return state.inviteLink.enabled ? [{ type: 'InviteLinkDisabled', data: { reason } }] : [];
}

function decideInviteLinkUpdate(
  command: Extract<TenantCommand, { type: 'UpdateInviteLink' }>,
  state: TenantState,
): TenantEvent[] {
  requireActiveTenant(state);
  const link = state.inviteLink;
  const events: TenantEvent[] = [];

  let roleId = link.defaultRoleId;
  if (command.defaultRoleId !== undefined) {
    requireRole(state, command.defaultRoleId, 'defaultRoleId');
    if (command.defaultRoleId !== link.defaultRoleId) {
      events.push({ type: 'InviteLinkDefaultRoleChanged', data: { from: link.defaultRoleId, to: command.defaultRoleId } });
      roleId = command.defaultRoleId;
    }
  }

  if (command.allowedDomains !== undefined) {
    const parsed = parseAllowedDomains(command.allowedDomains);
    if (!parsed.ok) {
      if (parsed.invalid.length > 0) {
        throw validationError('invalid_domains', `allowedDomains: invalid domain(s): ${parsed.invalid.join(', ')}`, {
          field: 'allowedDomains',
          invalid: parsed.invalid,
        });
      }
      throw validationError(
        'too_many_domains',
        `allowedDomains: at most ${MAX_ALLOWED_DOMAINS} domains per tenant (got ${parsed.count})`,
        { field: 'allowedDomains' },
      );
    }
    const { added, removed } = listChange(link.allowedDomains, parsed.domains);
    if (added.length > 0 || removed.length > 0) {
      events.push({ type: 'InviteLinkAllowedDomainsChanged', data: { added, removed, domains: parsed.domains } });
    }
  }

  if (command.allowedMicrosoftTenantIds !== undefined) {
    const parsed = parseMicrosoftTenantIds(command.allowedMicrosoftTenantIds);
    if (!parsed.ok) {
      if (parsed.invalid.length > 0) {
        throw validationError(
          'invalid_microsoft_tenant_ids',
          `allowedMicrosoftTenantIds: not a Microsoft tenant id (a GUID): ${parsed.invalid.join(', ')}`,
          { field: 'allowedMicrosoftTenantIds', invalid: parsed.invalid },
        );
      }
      throw validationError(
        'too_many_microsoft_tenant_ids',
        `allowedMicrosoftTenantIds: at most ${MAX_ALLOWED_MICROSOFT_TENANTS} Microsoft tenant ids per link (got ${parsed.count})`,
        { field: 'allowedMicrosoftTenantIds' },
      );
    }
    const { added, removed } = listChange(link.allowedMicrosoftTenantIds, parsed.tenantIds);
    if (added.length > 0 || removed.length > 0) {
      events.push({ type: 'InviteLinkMicrosoftTenantsChanged', data: { added, removed, tenantIds: parsed.tenantIds } });
    }
  }

  if (command.enabled === true && !link.enabled) {
    // The SSO answer comes first: no role choice would make the link available.
    if (state.sso) throw conflict('sso_configured', SSO_UNAVAILABLE_MESSAGE);
    if (roleId === null) {
      throw validationError(
        'default_role_required',
        'defaultRoleId: a default role is required before the invite link can be enabled',
        { field: 'defaultRoleId' },
      );
    }
    events.push(
      link.token === null
        ? { type: 'InviteLinkEnabled', data: { generation: 1, token: command.newToken } }
        : { type: 'InviteLinkEnabled', data: { generation: link.generation } },
    );
  } else if (command.enabled === false && link.enabled) {
    events.push({ type: 'InviteLinkDisabled', data: { reason: 'admin' } });
  }
  return events;
}

function decideJoin(command: Extract<TenantCommand, { type: 'JoinViaInviteLink' }>, state: TenantState): TenantEvent[] {
  if (!acceptsToken(state, command.tokenHash)) throw notFound('invalid_invite_link', INVALID_LINK_MESSAGE);
  const link = state.inviteLink;
  if (!isEmailDomainAllowed(command.email, link.allowedDomains)) {
    throw forbidden('email_domain_not_allowed', EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE);
  }
  if (command.method === 'microsoft' && !isMicrosoftTenantAllowed(command.microsoftTenantId ?? '', link.allowedMicrosoftTenantIds)) {
    throw forbidden('microsoft_tenant_not_allowed', MICROSOFT_TENANT_NOT_ALLOWED_MESSAGE);
  }
  // Enabling requires a role and roles cannot be deleted, so an enabled link always has one.
  const roleId = link.defaultRoleId as string;
  return [
    {
      type: 'MemberJoinedViaInviteLink',
      data: { userId: command.userId, roleId, method: command.method, generation: link.generation },
    },
  ];
}

function decide(command: TenantCommand, state: TenantState): TenantEvent[] {
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
      return [{ type: 'TenantSsoConfigured', data: { ...command.sso } }, ...disableIfEnabled(state, 'sso_configured')];
    }
    case 'RemoveSso':
      requireActiveTenant(state);
      // Removing SSO never re-enables the link (R9).
      return state.sso ? [{ type: 'TenantSsoRemoved', data: {} }] : [];
    case 'CancelTenant':
      requireActiveTenant(state);
      return [{ type: 'TenantCanceled', data: {} }, ...disableIfEnabled(state, 'tenant_canceled')];
    case 'AddMember':
      requireActiveTenant(state);
      requireRole(state, command.roleId, 'roleId');
      return [{ type: 'TenantMemberAdded', data: { userId: command.userId, roleId: command.roleId } }];
    case 'UpdateInviteLink':
      return decideInviteLinkUpdate(command, state);
    case 'RegenerateInviteLink':
      requireActiveTenant(state);
      return [
        { type: 'InviteLinkRegenerated', data: { generation: state.inviteLink.generation + 1, token: command.newToken } },
      ];
    case 'JoinViaInviteLink':
      return decideJoin(command, state);
  }
}

function evolveInviteLink(link: InviteLinkState, event: TenantEvent): InviteLinkState {
  switch (event.type) {
    case 'InviteLinkEnabled':
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
    case 'InviteLinkRegenerated':
      return { ...link, token: event.data.token, generation: event.data.generation };
    default:
      return link;
  }
}

function evolve(state: TenantState, event: TenantEvent): TenantState {
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
      return { ...state, inviteLink: evolveInviteLink(state.inviteLink, event) };
  }
}

export const tenantDecider: Decider<TenantCommand, TenantState, TenantEvent> = {
  initialState: initialTenantState,
  decide,
  evolve,
  // Tenant streams hold every signup through the link: snapshots keep a fresh process from
  // folding them from the start. Bump when evolve changes the meaning of a state.
  snapshot: { version: '1' },
};
