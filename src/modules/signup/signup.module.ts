import { Module } from '@nestjs/common';
import { RateLimitModule } from '../../shared/http/rate-limit/rate-limit.module';
import { AccountsModule } from '../accounts/accounts.module';
import { InviteLinksModule } from '../invite-links/invite-links.module';
import { InviteLinkJoin } from './application/invite-link-join.service';
import { SIGNUP_PROGRESS_HOOK, SignUpViaInviteLinkHandler } from './use-cases/sign-up-via-invite-link/sign-up-via-invite-link.handler';
import { SignUpViaInviteLinkController } from './use-cases/sign-up-via-invite-link/sign-up-via-invite-link.route';
import { crashFaultFromEnv } from './application/crash-fault';
import { RECOVERY_SETTINGS, recoverySettingsFromEnv, RegistrationRecovery } from './application/registration-recovery.job';

/**
 * Self-signup through an invite link, and the recovery job that repairs every kind of
 * registration a crash interrupted (self-signups, "Add Users" and MSP admin accounts alike).
 */
@Module({
  imports: [AccountsModule, InviteLinksModule, RateLimitModule],
  controllers: [SignUpViaInviteLinkController],
  providers: [
    InviteLinkJoin,
    SignUpViaInviteLinkHandler,
    RegistrationRecovery,
    { provide: RECOVERY_SETTINGS, useFactory: () => recoverySettingsFromEnv(process.env) },
    { provide: SIGNUP_PROGRESS_HOOK, useFactory: () => ({ onProgress: crashFaultFromEnv(process.env) }) },
  ],
  exports: [RegistrationRecovery, InviteLinkJoin],
})
export class SignupModule {}
