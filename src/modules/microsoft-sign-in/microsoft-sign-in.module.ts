import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { RateLimitModule } from '../../shared/http/rate-limit/rate-limit.module';
import { CsrfService } from '../../shared/http/security/csrf';
import { AccountsModule } from '../accounts/accounts.module';
import { InviteLinksModule } from '../invite-links/invite-links.module';
import { SignupModule } from '../signup/signup.module';
import { MicrosoftFlowStore, microsoftFlowLimitsFrom } from './microsoft-flow.store';
import { MICROSOFT_CALLBACK_PATH, MICROSOFT_OIDC_CLIENT, MicrosoftSignInController } from './microsoft-sign-in.controller';
import { MicrosoftOidcClient } from './microsoft-oidc.client';
import { MicrosoftSignIn } from './microsoft-sign-in.service';
import { MicrosoftSignup } from './microsoft-signup.service';

/** Signup through an invite link and sign-in with a Microsoft account (docs/http-api.md, Microsoft sign-in). */
@Module({
  imports: [AccountsModule, InviteLinksModule, RateLimitModule, SignupModule],
  controllers: [MicrosoftSignInController],
  providers: [
    { provide: MicrosoftFlowStore, useFactory: () => new MicrosoftFlowStore(microsoftFlowLimitsFrom(process.env)) },
    MicrosoftSignup,
    MicrosoftSignIn,
    CsrfService,
    {
      provide: MICROSOFT_OIDC_CLIENT,
      inject: [APP_CONFIG],
      useFactory: ({ microsoft, publicBaseUrl }: AppConfig): MicrosoftOidcClient | null =>
        microsoft
          ? new MicrosoftOidcClient({
              clientId: microsoft.clientId,
              clientSecret: microsoft.clientSecret,
              authority: microsoft.authority,
              redirectUri: `${publicBaseUrl}${MICROSOFT_CALLBACK_PATH}`,
              allowInsecureRequests: microsoft.allowInsecureAuthority,
            })
          : null,
    },
  ],
})
export class MicrosoftSignInModule {}
