import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '../../../../shared/application/clock';
import { READ_MODELS, ReadModels } from '../../../../shared/application/read-models.port';
import { TenantAccess } from '../../auth/tenant-access.service';
import { ListedTenantUser, ListTenantUsersQuery } from './list-tenant-users.query';

/** Most pending people listed (on the first page). */
export const MAX_PENDING_LISTED = 100;

@QueryHandler(ListTenantUsersQuery)
export class ListTenantUsersHandler implements IQueryHandler<ListTenantUsersQuery> {
  constructor(
    private readonly access: TenantAccess,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caller, tenantId, limit, cursor }: ListTenantUsersQuery) {
    await this.access.requireTenant(caller.principal, tenantId, 'read');
    const members = await this.readModels.listTenantUsers(tenantId, { limit, cursor });
    // Someone whose link expired is no longer waiting, even before the recovery job undoes it.
    const now = this.clock.now().toISOString();
    const pending = (cursor === undefined ? await this.readModels.pendingSignupsOfTenant(tenantId, MAX_PENDING_LISTED) : []).filter(
      (person) => person.expiresAt > now,
    );
    const items: ListedTenantUser[] = [
      ...pending.map(
        (person): ListedTenantUser => ({
          status: 'pending',
          userId: person.userId,
          email: person.email,
          firstName: person.firstName,
          lastName: person.lastName,
          roleId: null,
          joinedAt: null,
          joinedVia: 'invite_link',
          signInMethod: 'password',
          signedUpAt: person.signedUpAt,
          verificationExpiresAt: person.expiresAt,
        }),
      ),
      ...members.items.map((member): ListedTenantUser => ({ ...member, status: 'active' })),
    ];
    return { items, nextCursor: members.nextCursor };
  }
}
