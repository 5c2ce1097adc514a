import { given } from '../../../../shared/domain/testing/given-when-then';
import { InviteLinkDisabledReason, StoredInviteToken } from '../../../invite-links/domain/invite-link.events';
import { BUILT_IN_ROLES } from '../roles';
import { TenantCommand, tenantDecider } from '../tenant.decider';
import { TenantEvent } from '../tenant.events';
import { SsoConfiguration, TenantState } from '../tenant.state';

/*
 * Events, commands and histories of one tenant stream, for the given/when/then specs of both
 * parts of the tenant decider (tenancy/domain and invite-links/domain). Plain data, no Jest.
 */

export const TENANT = 'tenant-1';
export const MSP = 'msp-1';

export const tokenA: StoredInviteToken = { hash: 'hash-a', ciphertext: 'cipher-a' };
export const tokenB: StoredInviteToken = { hash: 'hash-b', ciphertext: 'cipher-b' };
export const tokenC: StoredInviteToken = { hash: 'hash-c', ciphertext: 'cipher-c' };
/** The token a command carries "just in case"; it must only be used for the first token. */
export const unusedToken: StoredInviteToken = { hash: 'hash-unused', ciphertext: 'cipher-unused' };

export const SSO: SsoConfiguration = {
  protocol: 'saml',
  entityId: 'https://idp.example.com/entity',
  ssoUrl: 'https://idp.example.com/sso',
};
export const OTHER_SSO: SsoConfiguration = { ...SSO, ssoUrl: 'https://idp.example.com/sso2' };

// Events
export const created = (tenantId: string): TenantEvent => ({
  type: 'TenantCreated',
  data: { tenantId, mspId: MSP, name: 'Acme', builtInRoles: [...BUILT_IN_ROLES] },
});
export const tenantCreated = created(TENANT);
export const roleCreated = (roleId: string, name: string): TenantEvent => ({ type: 'TenantRoleCreated', data: { roleId, name } });
export const roleChanged = (from: string | null, to: string): TenantEvent => ({
  type: 'InviteLinkDefaultRoleChanged',
  data: { from, to },
});
export const linkEnabled = (generation: number, token?: StoredInviteToken): TenantEvent =>
  token ? { type: 'InviteLinkEnabled', data: { generation, token } } : { type: 'InviteLinkEnabled', data: { generation } };
export const linkDisabled = (reason: InviteLinkDisabledReason = 'admin'): TenantEvent => ({
  type: 'InviteLinkDisabled',
  data: { reason },
});
export const domainsChanged = (added: string[], removed: string[], domains: string[]): TenantEvent => ({
  type: 'InviteLinkAllowedDomainsChanged',
  data: { added, removed, domains },
});
export const microsoftTenantsChanged = (added: string[], removed: string[], tenantIds: string[]): TenantEvent => ({
  type: 'InviteLinkMicrosoftTenantsChanged',
  data: { added, removed, tenantIds },
});
export const emailVerificationSet = (requireEmailVerification: boolean): TenantEvent => ({
  type: 'InviteLinkEmailVerificationSet',
  data: { requireEmailVerification },
});
/** What "Revoke & Generate" records (the event keeps its older name). */
export const regenerated = (generation: number, token: StoredInviteToken): TenantEvent => ({
  type: 'InviteLinkRegenerated',
  data: { generation, token },
});
export const ssoConfigured = (sso: SsoConfiguration = SSO): TenantEvent => ({ type: 'TenantSsoConfigured', data: { ...sso } });
export const ssoRemoved: TenantEvent = { type: 'TenantSsoRemoved', data: {} };
export const tenantCanceled: TenantEvent = { type: 'TenantCanceled', data: {} };
export const memberAdded = (userId: string, roleId: string): TenantEvent => ({
  type: 'TenantMemberAdded',
  data: { userId, roleId },
});
export const memberJoined = (
  userId: string,
  roleId: string,
  generation = 1,
  method: 'password' | 'microsoft' = 'password',
): TenantEvent => ({ type: 'MemberJoinedViaInviteLink', data: { userId, roleId, method, generation } });

// Commands
type UpdateInviteLinkFields = Omit<Extract<TenantCommand, { type: 'UpdateInviteLink' }>, 'type' | 'newToken'>;
export const update = (fields: UpdateInviteLinkFields, newToken = tokenA): TenantCommand => ({
  type: 'UpdateInviteLink',
  newToken,
  ...fields,
});
export const enable = (defaultRoleId?: string): TenantCommand =>
  update(defaultRoleId === undefined ? { enabled: true } : { enabled: true, defaultRoleId });
export const disable: TenantCommand = update({ enabled: false });
export const revokeAndGenerate = (newToken: StoredInviteToken): TenantCommand => ({
  type: 'RevokeAndGenerateInviteLink',
  newToken,
});
export const join = (
  tokenHash: string,
  email = 'new.user@acme.com',
  userId = 'user-new',
  method: 'password' | 'microsoft' = 'password',
): TenantCommand => ({ type: 'JoinViaInviteLink', userId, tokenHash, email, method });

// Histories
/** A tenant whose link is live with the built-in role `member` and token A. */
export const liveLink: TenantEvent[] = [tenantCreated, roleChanged(null, 'member'), linkEnabled(1, tokenA)];
export const withDomains = (...domains: string[]): TenantEvent[] => [
  ...liveLink,
  domainsChanged(domains, [], domains),
];
/** A live link whose tenant was then canceled (the cancelation disabled the link). */
export const canceledTenant: TenantEvent[] = [...liveLink, tenantCanceled, linkDisabled('tenant_canceled')];

export const stateOf = (...events: TenantEvent[]): TenantState => given(tenantDecider, ...events).state;
