import { Inject, Module } from '@nestjs/common';
import { AccountsModule } from '../../modules/accounts/accounts.module';
import { SignupModule } from '../../modules/signup/signup.module';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CsrfService } from '../../shared/http/security/csrf';
import { EmailVerificationPagesController } from './email-verification-pages.controller';
import { MicrosoftPagesModule } from './microsoft/microsoft-pages.module';
import { PagesController } from './pages.controller';
import { setProductName } from './product-name';

/** The server-rendered pages: join, email verification, sign-in, /app, terms and privacy, and their assets. */
@Module({
  imports: [AccountsModule, SignupModule, MicrosoftPagesModule],
  controllers: [PagesController, EmailVerificationPagesController],
  providers: [CsrfService],
})
export class PagesModule {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    setProductName(config.productName);
  }
}
