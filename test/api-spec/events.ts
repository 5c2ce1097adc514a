import { hash } from '@node-rs/argon2';
import { createHash, randomUUID } from 'node:crypto';
import { InviteTokenService } from '../../src/modules/invite-links/application/invite-token.service';
import type { Actor } from '../../src/shared/domain/event';
import { ApiSpec, GivenEvent, TOKEN_SECRET } from './harness';

/**
 * The events of the given step, spelled as the store holds them: the stream names and payloads
 * here are the persisted contract (docs/rules.md, events), written out rather than imported so
 * that a change of what the service stores fails a spec.
 */

export const operator: Actor = { type: 'operator' };
export const mspAdmin = (id: string): Actor => ({ type: 'msp_admin', id });
export const newUser = (id: string): Actor => ({ type: 'new_user', id });

export const streams = {
  msp: (mspId: string) => `msp-${mspId}`,
  tenant: (tenantId: string) => `tenant-${tenantId}`,
  user: (userId: string) => `user-${userId}`,
  claims: (mspId: string) => `mspDomainClaims-${mspId}`,
  /** Already normalized (lower-case local part, punycode domain). */
  email: (email: string) => `emailReservation-${createHash('sha256').update(email).digest('hex')}`,
};

export const BUILT_IN_ROLES = [
  { id: 'tenant_admin', name: 'Tenant Administrator', builtIn: true },
  { id: 'technician', name: 'Technician', builtIn: true },
  { id: 'member', name: 'Member', builtIn: true },
  { id: 'read_only', name: 'Read-only', builtIn: true },
];

export const anId = (): string => randomUUID();

/** A password that meets R13; the same for every spec, so sign-in specs can use it. */
export const PASSWORD = 'Corr3ct-Horse!Battery';

/** A real argon2id hash of PASSWORD (cheap parameters: verification reads them from the hash). */
let passwordHash: Promise<string> | undefined;
const hashedPassword = (): Promise<string> =>
  (passwordHash ??= hash(PASSWORD, { memoryCost: 1024, timeCost: 1, parallelism: 1 }));

export function mspCreated(mspId: string, name = 'Acme MSP'): GivenEvent {
  return { stream: streams.msp(mspId), type: 'MspCreated', data: { mspId, name } };
}

/** A whole account as registration leaves it: reservation, user, completion. */
async function account(
  user: { userId: string; email: string; firstName: string; lastName: string },
  purpose: Record<string, unknown>,
  extra: readonly GivenEvent[],
  actor: Actor,
): Promise<GivenEvent[]> {
  const { userId, email } = user;
  return [
    { stream: streams.email(email), type: 'EmailReserved', data: { userId, purpose }, actor },
    {
      stream: streams.user(userId),
      type: 'UserRegistered',
      data: { ...user, signInMethod: 'password', passwordHash: await hashedPassword() },
      actor,
    },
    ...extra,
    { stream: streams.email(email), type: 'RegistrationCompleted', data: { userId }, actor },
  ];
}

export function mspAdminAccount(options: {
  userId: string;
  mspId: string;
  email: string;
  permissions?: string[];
}): Promise<GivenEvent[]> {
  const { userId, mspId, email, permissions = ['manage_user_roles'] } = options;
  return account(
    { userId, email, firstName: 'Ada', lastName: 'Admin' },
    { kind: 'msp_admin', mspId },
    [{ stream: streams.user(userId), type: 'MspAdminGranted', data: { mspId, permissions } }],
    operator,
  );
}

export function tenantMemberAccount(options: {
  userId: string;
  tenantId: string;
  email: string;
  roleId?: string;
}): Promise<GivenEvent[]> {
  const { userId, tenantId, email, roleId = 'member' } = options;
  return account(
    { userId, email, firstName: 'Terry', lastName: 'Tenant' },
    { kind: 'tenant_member' },
    [{ stream: streams.tenant(tenantId), type: 'TenantMemberAdded', data: { userId, roleId } }],
    operator,
  );
}

export function tenantCreated(tenantId: string, mspId: string, name = 'Globex'): GivenEvent {
  return {
    stream: streams.tenant(tenantId),
    type: 'TenantCreated',
    data: { tenantId, mspId, name, builtInRoles: BUILT_IN_ROLES },
  };
}

export function roleCreated(tenantId: string, roleId: string, name: string): GivenEvent {
  return { stream: streams.tenant(tenantId), type: 'TenantRoleCreated', data: { roleId, name } };
}

export function defaultRoleChanged(tenantId: string, to: string, from: string | null = null): GivenEvent {
  return { stream: streams.tenant(tenantId), type: 'InviteLinkDefaultRoleChanged', data: { from, to } };
}

/** The tenant's domains and the MSP's claim of them, as an update leaves them (R4). */
export function allowedDomains(mspId: string, tenantId: string, tenantRevision: number, domains: string[]): GivenEvent[] {
  return [
    { stream: streams.claims(mspId), type: 'SiblingDomainsClaimed', data: { tenantId, domains, tenantRevision } },
    {
      stream: streams.tenant(tenantId),
      type: 'InviteLinkAllowedDomainsChanged',
      data: { added: domains, removed: [], domains },
    },
  ];
}

/** Real token material for the spec's TOKEN_SECRET: `token` is what the join URL carries. */
export function anInviteToken(): { token: string; stored: { hash: string; ciphertext: string } } {
  return new InviteTokenService({ tokenSecret: TOKEN_SECRET }).issue();
}

export function linkEnabled(
  tenantId: string,
  generation: number,
  stored?: { hash: string; ciphertext: string },
): GivenEvent {
  return {
    stream: streams.tenant(tenantId),
    type: 'InviteLinkEnabled',
    data: stored ? { generation, token: stored } : { generation },
  };
}

export function linkDisabled(tenantId: string, reason = 'admin'): GivenEvent {
  return { stream: streams.tenant(tenantId), type: 'InviteLinkDisabled', data: { reason } };
}

export const SSO = { protocol: 'saml', entityId: 'https://idp.example.net/metadata', ssoUrl: 'https://idp.example.net/sso' };

export function ssoConfigured(tenantId: string): GivenEvent {
  return { stream: streams.tenant(tenantId), type: 'TenantSsoConfigured', data: { ...SSO } };
}

export function tenantCanceled(tenantId: string): GivenEvent {
  return { stream: streams.tenant(tenantId), type: 'TenantCanceled', data: {} };
}

/**
 * An MSP with one managing admin and one tenant whose link is enabled with the role `member`:
 * the usual world of the link specs. Tenant stream revisions: 0 created, 1 role, 2 enabled.
 */
export async function anMspWithALink(): Promise<{
  mspId: string;
  adminId: string;
  tenantId: string;
  token: string;
  stored: { hash: string; ciphertext: string };
  events: GivenEvent[];
}> {
  const mspId = anId();
  const adminId = anId();
  const tenantId = anId();
  const { token, stored } = anInviteToken();
  const events = [
    mspCreated(mspId),
    ...(await mspAdminAccount({ userId: adminId, mspId, email: `admin-${adminId}@acme.example` })),
    tenantCreated(tenantId, mspId),
    defaultRoleChanged(tenantId, 'member'),
    linkEnabled(tenantId, 1, stored),
  ];
  return { mspId, adminId, tenantId, token, stored, events };
}

/** An MSP with one managing admin and a tenant whose link was never touched. */
export async function anMspWithATenant(): Promise<{ mspId: string; adminId: string; tenantId: string; events: GivenEvent[] }> {
  const mspId = anId();
  const adminId = anId();
  const tenantId = anId();
  const events = [
    mspCreated(mspId),
    ...(await mspAdminAccount({ userId: adminId, mspId, email: `admin-${adminId}@acme.example` })),
    tenantCreated(tenantId, mspId),
  ];
  return { mspId, adminId, tenantId, events };
}

/** The given step of the usual worlds: the events go into the store, the ids come back. */
export const given = {
  async anMspWithATenant(spec: ApiSpec) {
    const world = await anMspWithATenant();
    await spec.given(world.events);
    return world;
  },
  async anMspWithALink(spec: ApiSpec) {
    const world = await anMspWithALink();
    await spec.given(world.events);
    return world;
  },
};
