import { Injectable } from '@nestjs/common';
import { EventSourcedRepository } from '../../shared/application/event-sourced-repository';
import { findRole, tenantDecider } from '../../modules/tenancy/domain/tenant.decider';
import { tenantStream } from '../../modules/tenancy/domain/tenant.events';
import { MembershipView } from './views';

/**
 * Names of the user's own tenants and roles for /app. No query answers this for a tenant user
 * (ListRolesQuery and the read-model queries are for MSP admins), so until one exists
 * (e.g. `GetMyMembershipsQuery`) the names are read from the tenant streams of the memberships
 * GetMeQuery returned: only the caller's own tenants, and only their name and role name.
 */
@Injectable()
export class MembershipNames {
  constructor(private readonly repository: EventSourcedRepository) {}

  async of(memberships: readonly { tenantId: string; roleId: string }[]): Promise<MembershipView[]> {
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
