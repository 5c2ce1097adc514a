import { Injectable } from '@nestjs/common';
import { EventSourcedRepository, LoadedStream } from '../../../shared/application/event-sourced-repository';
import { forbidden, notFound } from '../../../shared/domain/domain-error';
import { mspDecider, mspStream, MspState } from '../../tenancy/domain/msp.decider';
import { tenantDecider } from '../../tenancy/domain/tenant.decider';
import { TenantState } from '../../tenancy/domain/tenant.state';
import { tenantStream } from '../../tenancy/domain/tenant.events';
import { canManageTenants, canReadTenants } from '../../../shared/domain/msp-permissions';
import { Principal } from '../../../shared/domain/principal';

export type AccessNeed = 'read' | 'manage';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * R20, checked on every tenant and MSP endpoint: tenant users get 403 whatever the tenant;
 * an admin of another MSP gets the same 404 as for a tenant that does not exist, so that
 * tenant ids of other MSPs cannot be probed; `view_audit_log` alone reads but never changes.
 */
@Injectable()
export class TenantAccess {
  constructor(private readonly repository: EventSourcedRepository) {}

  async requireTenant(principal: Principal, tenantId: string, need: AccessNeed): Promise<LoadedStream<TenantState>> {
    this.requireAdminOrOperator(principal);
    const tenant = UUID.test(tenantId)
      ? await this.repository.load(tenantStream(tenantId), tenantDecider)
      : { state: tenantDecider.initialState, revision: -1 };
    if (!tenant.state.exists) throw notFound('tenant_not_found', 'Tenant not found');
    this.requireMsp(principal, tenant.state.mspId, need, () => notFound('tenant_not_found', 'Tenant not found'));
    return tenant;
  }

  async requireMspAccess(principal: Principal, mspId: string, need: AccessNeed): Promise<MspState> {
    this.requireAdminOrOperator(principal);
    const msp = UUID.test(mspId) ? (await this.repository.load(mspStream(mspId), mspDecider)).state : mspDecider.initialState;
    if (!msp.exists) throw notFound('msp_not_found', 'MSP not found');
    this.requireMsp(principal, mspId, need, () => notFound('msp_not_found', 'MSP not found'));
    return msp;
  }

  requireOperator(principal: Principal): void {
    if (principal.kind !== 'operator') throw forbidden('operator_only', 'Only the platform operator can do this');
  }

  private requireAdminOrOperator(principal: Principal): void {
    if (principal.kind === 'user' && !principal.user.msp) {
      throw forbidden('msp_admin_only', 'Only MSP admins can manage tenants and invite links');
    }
  }

  private requireMsp(principal: Principal, mspId: string, need: AccessNeed, hidden: () => Error): void {
    if (principal.kind === 'operator') return;
    const msp = principal.user.msp!;
    if (msp.mspId !== mspId) throw hidden();
    const allowed = need === 'manage' ? canManageTenants(msp.permissions) : canReadTenants(msp.permissions);
    if (!allowed) {
      throw forbidden(
        'missing_permission',
        need === 'manage'
          ? 'Changing this needs one of the MSP permissions manage_user_roles, manage_own_entity_users or manage_tenant_user_roles'
          : 'Reading this needs an MSP permission',
      );
    }
  }
}
