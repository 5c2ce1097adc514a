import { Module } from '@nestjs/common';
import { RateLimitModule } from '../../shared/http/rate-limit/rate-limit.module';
import { AccountsModule } from '../accounts/accounts.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { InviteLinkViews } from './application/invite-link.view';
import { InviteLinkLookup } from './application/invite-link-lookup.service';
import { InviteTokenService } from './application/invite-token.service';
import { GetInviteLinkHandler } from './use-cases/get-invite-link/get-invite-link.handler';
import { GetInviteLinkController } from './use-cases/get-invite-link/get-invite-link.route';
import { GetInviteLinkHistoryHandler } from './use-cases/get-invite-link-history/get-invite-link-history.handler';
import { GetInviteLinkHistoryController } from './use-cases/get-invite-link-history/get-invite-link-history.route';
import { GetInviteLinkStatsHandler } from './use-cases/get-invite-link-stats/get-invite-link-stats.handler';
import { GetInviteLinkStatsController } from './use-cases/get-invite-link-stats/get-invite-link-stats.route';
import { ResolveInviteLinkHandler } from './use-cases/resolve-invite-link/resolve-invite-link.handler';
import { ResolveInviteLinkController } from './use-cases/resolve-invite-link/resolve-invite-link.route';
import { RevokeAndGenerateInviteLinkHandler } from './use-cases/revoke-and-generate-invite-link/revoke-and-generate-invite-link.handler';
import { RevokeAndGenerateInviteLinkController } from './use-cases/revoke-and-generate-invite-link/revoke-and-generate-invite-link.route';
import { UpdateInviteLinkHandler } from './use-cases/update-invite-link/update-invite-link.handler';
import { UpdateInviteLinkController } from './use-cases/update-invite-link/update-invite-link.route';

@Module({
  imports: [AccountsModule, TenancyModule, RateLimitModule],
  // Express tries routes in the order they are registered, and the OpenAPI document lists them in
  // that order too. The public GET /invite-links/:token comes after the admin routes, whose paths
  // it cannot match, and before the signup module's /invite-links/:token/signups.
  controllers: [
    GetInviteLinkController,
    UpdateInviteLinkController,
    RevokeAndGenerateInviteLinkController,
    GetInviteLinkHistoryController,
    GetInviteLinkStatsController,
    ResolveInviteLinkController,
  ],
  providers: [
    InviteTokenService,
    InviteLinkLookup,
    InviteLinkViews,
    GetInviteLinkHandler,
    UpdateInviteLinkHandler,
    RevokeAndGenerateInviteLinkHandler,
    GetInviteLinkHistoryHandler,
    GetInviteLinkStatsHandler,
    ResolveInviteLinkHandler,
  ],
  exports: [InviteTokenService, InviteLinkLookup],
})
export class InviteLinksModule {}
