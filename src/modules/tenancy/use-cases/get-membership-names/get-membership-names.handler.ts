import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { findRole } from '../../domain/tenant.state';
import { tenantDecider } from '../../domain/tenant.decider';
import { tenantStream } from '../../domain/tenant.events';
import { GetMembershipNamesQuery, MembershipNames } from './get-membership-names.query';

/**
 * Reads the names from the tenant streams: the caller has just joined or signed in, and a
 * membership the read models have not caught up with yet should still be named. A tenant that
 * cannot be read leaves its names null rather than failing the whole page.
 */
@QueryHandler(GetMembershipNamesQuery)
export class GetMembershipNamesHandler implements IQueryHandler<GetMembershipNamesQuery> {
  constructor(private readonly repository: EventSourcedRepository) {}

  execute({ memberships }: GetMembershipNamesQuery): Promise<MembershipNames[]> {
    return Promise.all(
      memberships.map(async ({ tenantId, roleId }) => {
        try {
          const { state } = await this.repository.load(tenantStream(tenantId), tenantDecider);
          if (!state.exists) return { tenantId, roleId, tenantName: null, roleName: null };
          return { tenantId, roleId, tenantName: state.name, roleName: findRole(state, roleId)?.name ?? null };
        } catch {
          return { tenantId, roleId, tenantName: null, roleName: null };
        }
      }),
    );
  }
}
