/** The shapes of the API answers the admin pages read (docs/http-api.md), only the fields they use. */

export interface Page<T> {
  readonly items?: readonly T[];
  readonly nextCursor?: string | null;
}

export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly status?: string;
}

export interface Role {
  readonly id: string;
  readonly name: string;
  readonly builtIn?: boolean;
}

export interface User {
  readonly userId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  /** Null while `pending`: the role is the link's default at the moment they confirm. */
  readonly roleId: string | null;
  /** Null while `pending`. */
  readonly joinedAt: string | null;
  readonly joinedVia: string;
  readonly signInMethod: string;
  /** `pending`: signed up through a link that requires email verification and not confirmed yet (not a member). */
  readonly status?: 'active' | 'pending';
  /** Pending people only: when their verification link stops working. */
  readonly verificationExpiresAt?: string;
}

export interface InviteLink {
  readonly enabled?: boolean;
  readonly available?: boolean;
  readonly unavailableReason?: string | null;
  readonly defaultRoleId?: string | null;
  readonly allowedDomains?: readonly string[];
  readonly allowedMicrosoftTenantIds?: readonly string[];
  readonly requireEmailVerification?: boolean;
  readonly url?: string | null;
}

export interface DayStats {
  readonly day: string;
  readonly joins: number;
  readonly byMethod: { readonly password: number; readonly microsoft: number };
}

export interface InviteLinkStats {
  readonly days: readonly DayStats[];
  readonly totals: { readonly joins: number; readonly byRole: readonly { roleId: string; roleName: string; joins: number }[] };
}
