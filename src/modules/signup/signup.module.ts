import { Module } from '@nestjs/common';
import { RateLimitModule } from '../../shared/http/rate-limit/rate-limit.module';
import { AccountsModule } from '../accounts/accounts.module';
import { MailModule } from '../mail/mail.module';
import { EmailVerification } from './application/email-verification.service';
import { VerificationCodes } from './application/verification-codes';
import { VerificationMailComposer } from './application/verification-mail.composer';
import { ConfirmEmailHandler } from './use-cases/confirm-email/confirm-email.handler';
import { ConfirmEmailController } from './use-cases/confirm-email/confirm-email.route';
import { ResendVerificationEmailHandler } from './use-cases/resend-verification-email/resend-verification-email.handler';
import { ResendVerificationEmailController } from './use-cases/resend-verification-email/resend-verification-email.route';
import { InviteLinksModule } from '../invite-links/invite-links.module';
import { InviteLinkJoin } from './application/invite-link-join.service';
import { SIGNUP_PROGRESS_HOOK, SignUpViaInviteLinkHandler } from './use-cases/sign-up-via-invite-link/sign-up-via-invite-link.handler';
import { SignUpViaInviteLinkController } from './use-cases/sign-up-via-invite-link/sign-up-via-invite-link.route';
import { crashFaultFromEnv } from './application/crash-fault';
import { RECOVERY_SETTINGS, recoverySettingsFromEnv, RegistrationRecovery } from './application/registration-recovery.job';

/**
 * Self-signup through an invite link (with email verification when the link requires it: the
 * confirmation, the resend and the verification mail), and the recovery job that repairs every kind of
 * registration a crash interrupted (self-signups, "Add Users" and MSP admin accounts alike).
 */
@Module({
  imports: [AccountsModule, InviteLinksModule, RateLimitModule, MailModule],
  controllers: [SignUpViaInviteLinkController, ConfirmEmailController, ResendVerificationEmailController],
  providers: [
    InviteLinkJoin,
    SignUpViaInviteLinkHandler,
    VerificationCodes,
    EmailVerification,
    VerificationMailComposer,
    ConfirmEmailHandler,
    ResendVerificationEmailHandler,
    RegistrationRecovery,
    { provide: RECOVERY_SETTINGS, useFactory: () => recoverySettingsFromEnv(process.env) },
    { provide: SIGNUP_PROGRESS_HOOK, useFactory: () => ({ onProgress: crashFaultFromEnv(process.env) }) },
  ],
  exports: [RegistrationRecovery, InviteLinkJoin, EmailVerification],
})
export class SignupModule {}
