/** DI token of the ReadModels port (the queries the dashboards and the API need). */
export const READ_MODELS = Symbol('READ_MODELS');

export interface TenantSummary {
  readonly id: string;
  readonly name: string;
  readonly status: 'active' | 'canceled';
}

export interface TenantUser {
  readonly userId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly roleId: string;
  /** ISO-8601 */
  readonly joinedAt: string;
  readonly joinedVia: 'invite_link' | 'admin';
  readonly signInMethod: 'password' | 'microsoft';
}

export interface Page<T> {
  readonly items: T[];
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  readonly nextCursor: string | null;
}

export interface ReadModels {
  /** Tenants of one MSP, oldest first. */
  listTenantsOfMsp(mspId: string): Promise<TenantSummary[]>;
  /** Members of one tenant, newest first (joinedAt desc, then userId), cursor-paginated. */
  listTenantUsers(tenantId: string, page: { limit: number; cursor?: string }): Promise<Page<TenantUser>>;
  /** Tenant memberships of one user. */
  membershipsOfUser(userId: string): Promise<{ tenantId: string; roleId: string }[]>;
  /** The tenant whose invite link had this token hash (current or former); verify on the write side. */
  tenantIdByTokenHash(tokenHash: string): Promise<string | null>;
  /**
   * Read-your-writes: resolves once the read models reflect every event up to `position`,
   * or rejects after `timeoutMs`.
   */
  waitForPosition(position: number, timeoutMs?: number): Promise<void>;
}
