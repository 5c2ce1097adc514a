import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountRegistration } from './application/account-registration.service';
import { PasswordHasher } from './application/password-hasher';
import { AuthGuard } from './auth/auth.guard';
import { SessionService } from './auth/session.service';
import { TenantAccess } from './auth/tenant-access.service';
import {
  AddTenantUserHandler,
  CreateMspAdminHandler,
  GetMeHandler,
  ListTenantUsersHandler,
  SignInHandler,
} from './features/accounts.handlers';
import { AccountsController } from './http/accounts.controller';
import { LandingPageHandler } from './use-cases/get-landing-page/get-landing-page.handler';
import { RateLimitModule } from '../../shared/http/rate-limit/rate-limit.module';
import { RateLimits } from '../../shared/http/rate-limit/rate-limits.service';

@Module({
  imports: [RateLimitModule],
  controllers: [AccountsController],
  providers: [
    PasswordHasher,
    SessionService,
    TenantAccess,
    AccountRegistration,
    { provide: APP_GUARD, useClass: AuthGuard },
    CreateMspAdminHandler,
    AddTenantUserHandler,
    ListTenantUsersHandler,
    SignInHandler,
    GetMeHandler,
    LandingPageHandler,
  ],
  exports: [PasswordHasher, SessionService, TenantAccess, AccountRegistration],
})
export class AccountsModule implements NestModule {
  constructor(private readonly rateLimits: RateLimits) {}

  /** Password guessing: sign-ins are limited per client IP and email (429 with Retry-After). */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(this.rateLimits.middleware('sign-in'))
      .forRoutes({ path: 'api/v1/auth/sign-in', method: RequestMethod.POST });
  }
}
