import { Module } from '@nestjs/common';
import { AccountsModule } from '../../../modules/accounts/accounts.module';
import { MicrosoftSignInModule } from '../../../modules/microsoft-sign-in/microsoft-sign-in.module';
import { RateLimitModule } from '../../../shared/http/rate-limit/rate-limit.module';
import { CsrfService } from '../../../shared/http/security/csrf';
import { MicrosoftSignInController } from './microsoft-sign-in.controller';

/**
 * The Microsoft sign-in routes (form posts and the callback), which answer with pages. Always
 * registered: without MICROSOFT_CLIENT_ID the module's client is null and every route answers 404.
 */
@Module({
  imports: [AccountsModule, MicrosoftSignInModule, RateLimitModule],
  controllers: [MicrosoftSignInController],
  providers: [CsrfService],
})
export class MicrosoftPagesModule {}
