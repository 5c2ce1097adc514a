/** Collections and document shapes of the directory read model, shared by its projection and queries. */
export const DIRECTORY_COLLECTIONS = {
  tenants: 'tenants',
  users: 'users',
  memberships: 'memberships',
  inviteTokens: 'invite_tokens',
  inviteLinks: 'invite_links',
  tenantRoles: 'tenant_roles',
} as const;

/**
 * Written by the directory projection too, but bookkeeping of the registration process (R18)
 * rather than directory data, so it is not one of DIRECTORY_COLLECTIONS (which every history
 * fills): most histories leave it empty.
 */
export const REGISTRATIONS_COLLECTION = 'registrations';

export type TenantDocument = {
  id: string;
  mspId: string;
  name: string;
  status: 'active' | 'canceled';
  createdAt: string;
  /** Global position of TenantCreated: "oldest first" without ties, whatever the clock did. */
  createdPosition: number;
};

/** Deliberately a whitelist of UserRegistered fields: the password hash never gets here. */
export type UserDocument = {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  signInMethod: 'password' | 'microsoft';
};

export type MembershipDocument = UserDocument & {
  tenantId: string;
  roleId: string;
  /** ISO-8601, the membership event's metadata.at. */
  joinedAt: string;
  joinedVia: 'invite_link' | 'admin';
};

export type InviteTokenDocument = {
  tokenHash: string;
  tenantId: string;
  generation: number;
};

/**
 * The invite link settings of one tenant (id = tenantId), for the admin's view. Token material
 * is the AES-GCM ciphertext only (the view decrypts it to build the URL); the plaintext token
 * never gets here, and look-up hashes stay in invite_tokens.
 */
export type InviteLinkDocument = {
  tenantId: string;
  mspId: string;
  name: string;
  enabled: boolean;
  defaultRoleId: string | null;
  allowedDomains: string[];
  /** Absent in documents projected before the setting existed (= none). */
  allowedMicrosoftTenantIds?: string[];
  ssoConfigured: boolean;
  canceled: boolean;
  /** 0 before the first token, then 1 and +1 per regeneration. */
  generation: number;
  tokenCiphertext: string | null;
};

/** Where a role sits in its tenant's list: built-in roles first, in their fixed order. */
export const ROLE_SECTION = { builtIn: 0, custom: 1 } as const;

/**
 * One role of one tenant (id = `${tenantId}:${roleId}`). Lists sort on (section, rank): built-in
 * roles rank by their place in TenantCreated, custom roles by the global position of
 * TenantRoleCreated, that is in creation order.
 */
export type TenantRoleDocument = {
  tenantId: string;
  roleId: string;
  name: string;
  builtIn: boolean;
  section: (typeof ROLE_SECTION)[keyof typeof ROLE_SECTION];
  rank: number;
};

export const tenantRoleId = (tenantId: string, roleId: string) => `${tenantId}:${roleId}`;

export const membershipId = (tenantId: string, userId: string) => `${tenantId}:${userId}`;

/**
 * One account registration (id = userId), from its EmailReserved to its RegistrationCompleted
 * or EmailReleased (R18). Only a way for the recovery job to find candidates: whether one is
 * really still open is decided on the reservation stream.
 */
export type RegistrationDocument = {
  userId: string;
  /** The email reservation stream (named by a hash; the address itself is not here). */
  reservationStream: string;
  purpose: 'invite_link' | 'tenant_member' | 'msp_admin';
  status: 'open' | 'completed' | 'undone';
  /** ISO-8601, EmailReserved's metadata.at. */
  startedAt: string;
  /** The service run that opened it (EmailReserved's openedBy), when it recorded itself. */
  openedByInstance?: string;
  openedByRun?: string;
};
