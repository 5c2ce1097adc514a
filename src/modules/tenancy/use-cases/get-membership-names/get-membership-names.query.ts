import { Query } from '@nestjs/cqrs';

/** A membership with the names /app shows; a name is null when it cannot be read. */
export interface MembershipNames {
  readonly tenantId: string;
  readonly tenantName: string | null;
  readonly roleId: string;
  readonly roleName: string | null;
}

/**
 * The names of the caller's own tenants and roles, for /app. The memberships come from GetMeQuery
 * (the caller's own), so no other tenant is ever named; ListRolesQuery and the read-model
 * queries are for MSP admins.
 */
export class GetMembershipNamesQuery extends Query<MembershipNames[]> {
  constructor(readonly memberships: readonly { tenantId: string; roleId: string }[]) {
    super();
  }
}
