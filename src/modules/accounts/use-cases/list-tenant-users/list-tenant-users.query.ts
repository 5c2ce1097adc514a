import { Query } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';
import { Page, TenantUser } from '../../../../shared/application/read-models.port';

/** A member (`active`), or someone whose signup waits for their email confirmation (`pending`). */
export type ListedTenantUser =
  | (TenantUser & { readonly status: 'active' })
  | {
      readonly status: 'pending';
      readonly userId: string;
      readonly email: string;
      readonly firstName: string;
      readonly lastName: string;
      /** No role until they confirm: the role is the link's default at that instant. */
      readonly roleId: null;
      readonly joinedAt: null;
      readonly joinedVia: 'invite_link';
      readonly signInMethod: 'password';
      readonly signedUpAt: string;
      readonly verificationExpiresAt: string;
    };

/**
 * One page of a tenant's users. The first page (no cursor) starts with the people waiting for
 * their email confirmation, newest first (at most MAX_PENDING_LISTED; they are few and short-lived),
 * then the members, newest first, `limit` of them; later pages hold members only.
 */
export class ListTenantUsersQuery extends Query<Page<ListedTenantUser>> {
  constructor(
    readonly caller: Caller,
    readonly tenantId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}
