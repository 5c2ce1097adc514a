import { Module } from '@nestjs/common';
import { RateLimitModule } from '../../shared/http/rate-limit/rate-limit.module';
import { AccountsModule } from '../accounts/accounts.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { InviteLinkViews } from './application/invite-link.view';
import { InviteLinkLookup } from './application/invite-link-lookup.service';
import { InviteTokenService } from './application/invite-token.service';
import {
  GetInviteLinkHandler,
  GetInviteLinkHistoryHandler,
  RegenerateInviteLinkHandler,
  ResolveInviteLinkHandler,
  UpdateInviteLinkHandler,
} from './features/invite-link.handlers';
import { InviteLinkAdminController, PublicInviteLinkController } from './http/invite-link.controller';

@Module({
  imports: [AccountsModule, TenancyModule, RateLimitModule],
  controllers: [InviteLinkAdminController, PublicInviteLinkController],
  providers: [
    InviteTokenService,
    InviteLinkLookup,
    InviteLinkViews,
    GetInviteLinkHandler,
    UpdateInviteLinkHandler,
    RegenerateInviteLinkHandler,
    GetInviteLinkHistoryHandler,
    ResolveInviteLinkHandler,
  ],
  exports: [InviteTokenService, InviteLinkLookup],
})
export class InviteLinksModule {}
