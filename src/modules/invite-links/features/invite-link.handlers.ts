import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { contextOf } from '../../../shared/application/command-context';
import { EVENT_STORE, EventStore } from '../../../shared/application/event-store.port';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { READ_MODELS, ReadModels } from '../../../shared/application/read-models.port';
import { ReadYourWrites } from '../../../shared/application/read-your-writes';
import { notFound } from '../../../shared/domain/domain-error';
import { TenantAccess } from '../../accounts/auth/tenant-access.service';
import { SiblingDomainClaims } from '../../tenancy/application/sibling-domain-claims.service';
import { TenantCommands } from '../../tenancy/application/tenant-commands.service';
import { INVALID_LINK_MESSAGE, tenantDecider } from '../../tenancy/domain/tenant.decider';
import { INVITE_LINK_EVENT_TYPES, tenantStream } from '../../tenancy/domain/tenant.events';
import { InviteLinkViews } from '../application/invite-link.view';
import { InviteLinkLookup } from '../application/invite-link-lookup.service';
import { InviteTokenService } from '../application/invite-token.service';
import { GetInviteLinkHistoryQuery, GetInviteLinkQuery, RegenerateInviteLinkCommand, ResolveInviteLinkQuery, UpdateInviteLinkCommand } from './invite-link.commands';

/**
 * The current state comes from the invite-links read model (commands wait for it before they
 * answer, so the same client reads its own writes); `?at=` replays the tenant stream. Access is
 * decided on the write side either way.
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
    if (!at) {
      const settings = await this.readModels.inviteLinkOfTenant(tenantId);
      // No document yet (the projection has not reached a tenant created by another instance,
      // or the read model predates this collection): the stream just loaded is as good.
      return settings ? this.views.ofSettings(settings) : this.views.of(current.state);
    }
    const past = await this.repository.loadAsOf(tenantStream(tenantId), tenantDecider, at);
    if (!past.state.exists) throw notFound('tenant_not_found_at', `The tenant did not exist yet at ${at.toISOString()}`);
    return this.views.of(past.state);
  }
}

/**
 * Decides on the tenant stream; when the allowed domains grow, claims the new domains among
 * siblings first (R4), then appends with the revision the decision was based on. A concurrent
 * change of the tenant makes the append fail: decideAndAppend loads, decides and claims again.
 */
@CommandHandler(UpdateInviteLinkCommand)
export class UpdateInviteLinkHandler implements ICommandHandler<UpdateInviteLinkCommand> {
  constructor(
    private readonly access: TenantAccess,
    private readonly repository: EventSourcedRepository,
    private readonly claims: SiblingDomainClaims,
    private readonly tokens: InviteTokenService,
    private readonly views: InviteLinkViews,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ caller, tenantId, changes }: UpdateInviteLinkCommand) {
    await this.access.requireTenant(caller.principal, tenantId, 'manage');
    const context = contextOf(caller);
    const stream = tenantStream(tenantId);
    let touchedDomains = false;
    try {
      const result = await this.repository.decideAndAppend(
        stream,
        tenantDecider,
        { type: 'UpdateInviteLink', ...changes, newToken: this.tokens.issue().stored },
        context,
        async (events, loaded) => {
          const domainsChanged = events.find((event) => event.type === 'InviteLinkAllowedDomainsChanged');
          if (!domainsChanged) return;
          touchedDomains = true;
          await this.claims.claim(loaded.state.mspId, tenantId, domainsChanged.data.added, loaded.revision, context);
        },
      );
      await this.readYourWrites.after(result.position);
      return this.views.of(result.state);
    } finally {
      if (touchedDomains) await this.claims.releaseStale(tenantId, context);
    }
  }
}

@CommandHandler(RegenerateInviteLinkCommand)
export class RegenerateInviteLinkHandler implements ICommandHandler<RegenerateInviteLinkCommand> {
  constructor(
    private readonly tenants: TenantCommands,
    private readonly tokens: InviteTokenService,
    private readonly views: InviteLinkViews,
  ) {}

  async execute({ caller, tenantId }: RegenerateInviteLinkCommand) {
    const { state } = await this.tenants.run(caller, tenantId, {
      type: 'RegenerateInviteLink',
      newToken: this.tokens.issue().stored,
    });
    return this.views.of(state);
  }
}

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

@QueryHandler(ResolveInviteLinkQuery)
export class ResolveInviteLinkHandler implements IQueryHandler<ResolveInviteLinkQuery> {
  constructor(
    private readonly links: InviteLinkLookup,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'microsoft'>,
  ) {}

  async execute({ token }: ResolveInviteLinkQuery) {
    const link = await this.links.find(token);
    if (!link) throw notFound('invalid_invite_link', INVALID_LINK_MESSAGE);
    // Microsoft only when configured: without MICROSOFT_CLIENT_ID there is no button (docs/http-api.md, Microsoft sign-in).
    return { organizationName: link.state.name, signupMethods: this.config.microsoft ? ['password', 'microsoft'] : ['password'] };
  }
}
