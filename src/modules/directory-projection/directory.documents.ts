/** Collections and document shapes of the directory read model, shared by its projection and queries. */
export const DIRECTORY_COLLECTIONS = {
  tenants: 'tenants',
  users: 'users',
  memberships: 'memberships',
  inviteTokens: 'invite_tokens',
} as const;

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

export const membershipId = (tenantId: string, userId: string) => `${tenantId}:${userId}`;
