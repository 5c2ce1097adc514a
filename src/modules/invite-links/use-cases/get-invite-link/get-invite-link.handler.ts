import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { READ_MODELS, ReadModels } from '../../../../shared/application/read-models.port';
import { notFound } from '../../../../shared/domain/domain-error';
import { canManageTenants } from '../../../../shared/domain/msp-permissions';
import { Principal } from '../../../../shared/domain/principal';
import { TenantAccess } from '../../../accounts/auth/tenant-access.service';
import { tenantDecider } from '../../../tenancy/domain/tenant.decider';
import { tenantStream } from '../../../tenancy/domain/tenant.events';
import { InviteLinkViews, ViewAudience } from '../../application/invite-link.view';
import { GetInviteLinkQuery } from './get-invite-link.query';

/**
 * The current state comes from the invite-links read model (commands wait for it before they
 * answer, so the same client reads its own writes); `?at=` replays the tenant stream. Access is
 * decided on the write side either way. Readers who may not change the link get no URL.
 */
@QueryHandler(GetInviteLinkQuery)
export class GetInviteLinkHandler implements IQueryHandler<GetInviteLinkQuery> {
  constructor(
    private readonly access: TenantAccess,
    private readonly repository: EventSourcedRepository,
    private readonly views: InviteLinkViews,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  async execute({ caller, tenantId, at }: GetInviteLinkQuery) {
    const current = await this.access.requireTenant(caller.principal, tenantId, 'read');
    const audience = audienceOf(caller.principal);
    if (!at) {
      const settings = await this.readModels.inviteLinkOfTenant(tenantId);
      // No document yet (the projection has not reached a tenant created by another instance,
      // or the read model predates this collection): the stream just loaded is as good.
      return settings ? this.views.ofSettings(settings, audience) : this.views.of(current.state, audience);
    }
    const past = await this.repository.loadAsOf(tenantStream(tenantId), tenantDecider, at);
    if (!past.state.exists) throw notFound('tenant_not_found_at', `The tenant did not exist yet at ${at.toISOString()}`);
    return this.views.of(past.state, audience);
  }
}

/** The operator and MSP admins who may change the link see its URL; the access check has admitted everyone else as a reader. */
function audienceOf(principal: Principal): ViewAudience {
  if (principal.kind === 'operator') return 'manager';
  return canManageTenants(principal.user.msp?.permissions ?? []) ? 'manager' : 'reader';
}
