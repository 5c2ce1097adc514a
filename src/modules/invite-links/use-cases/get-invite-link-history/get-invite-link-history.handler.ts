import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '../../../../shared/application/event-store.port';
import { TenantAccess } from '../../../accounts/auth/tenant-access.service';
import { INVITE_LINK_EVENT_TYPES } from '../../domain/invite-link.events';
import { tenantStream } from '../../../tenancy/domain/tenant.events';
import { GetInviteLinkHistoryQuery } from './get-invite-link-history.query';

@QueryHandler(GetInviteLinkHistoryQuery)
export class GetInviteLinkHistoryHandler implements IQueryHandler<GetInviteLinkHistoryQuery> {
  constructor(
    private readonly access: TenantAccess,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ caller, tenantId }: GetInviteLinkHistoryQuery) {
    await this.access.requireTenant(caller.principal, tenantId, 'read');
    const events = await this.store.readStream(tenantStream(tenantId));
    return {
      items: events
        .filter((event) => INVITE_LINK_EVENT_TYPES.has(event.type))
        .map((event) => {
          // Token material (hash and ciphertext) is never part of the history.
          const { token: _token, ...data } = event.data;
          return { type: event.type, at: event.metadata.at, actor: event.metadata.actor, data };
        }),
    };
  }
}
