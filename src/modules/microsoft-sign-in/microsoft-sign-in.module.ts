import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AccountsModule } from '../accounts/accounts.module';
import { InviteLinksModule } from '../invite-links/invite-links.module';
import { SignupModule } from '../signup/signup.module';
import { MicrosoftFlowStore, microsoftFlowLimitsFrom } from './application/microsoft-flow.store';
import { MICROSOFT_CALLBACK_PATH, MICROSOFT_OIDC_CLIENT, MicrosoftOidcClient } from './application/microsoft-oidc.client';
import { MicrosoftSignIn } from './use-cases/sign-in-with-microsoft/sign-in-with-microsoft.service';
import { MicrosoftSignup } from './use-cases/sign-up-with-microsoft/sign-up-with-microsoft.service';

/**
 * Signup through an invite link and sign-in with a Microsoft account (docs/http-api.md, Microsoft sign-in).
 * Its routes render pages, so they live in web/pages/microsoft, which calls what this module exports.
 */
@Module({
  imports: [AccountsModule, InviteLinksModule, SignupModule],
  providers: [
    { provide: MicrosoftFlowStore, useFactory: () => new MicrosoftFlowStore(microsoftFlowLimitsFrom(process.env)) },
    MicrosoftSignup,
    MicrosoftSignIn,
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
  exports: [MicrosoftFlowStore, MicrosoftSignup, MicrosoftSignIn, MICROSOFT_OIDC_CLIENT],
})
export class MicrosoftSignInModule {}
