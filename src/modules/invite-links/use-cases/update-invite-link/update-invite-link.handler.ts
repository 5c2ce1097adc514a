import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { contextOf } from '../../../../shared/application/command-context';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { ReadYourWrites } from '../../../../shared/application/read-your-writes';
import { TenantAccess } from '../../../accounts/auth/tenant-access.service';
import { SiblingDomainClaims } from '../../../tenancy/application/sibling-domain-claims.service';
import { tenantDecider } from '../../../tenancy/domain/tenant.decider';
import { tenantStream } from '../../../tenancy/domain/tenant.events';
import { InviteLinkViews } from '../../application/invite-link.view';
import { InviteTokenService } from '../../application/invite-token.service';
import { UpdateInviteLinkCommand } from './update-invite-link.command';

/**
 * Decides on the tenant stream; when the allowed domains grow, claims the new domains among
 * siblings first (R4), then appends with the revision the decision was based on. A concurrent
 * change of the tenant makes the append fail: decideAndAppend loads, decides and claims again.
 * Whether the service can send mail is a fact of its configuration: the decider gets it in the
 * command (email verification cannot be turned on without it) and stays pure.
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
        { type: 'UpdateInviteLink', ...changes, mailConfigured: this.config.mail !== undefined, newToken: this.tokens.issue().stored },
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
