import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountRegistration } from './application/account-registration.service';
import { PasswordHasher } from './application/password-hasher';
import { AuthGuard } from './auth/auth.guard';
import { SessionService } from './auth/session.service';
import { TenantAccess } from './auth/tenant-access.service';
import { AddTenantUserHandler } from './use-cases/add-tenant-user/add-tenant-user.handler';
import { AddTenantUserController } from './use-cases/add-tenant-user/add-tenant-user.route';
import { CreateMspAdminHandler } from './use-cases/create-msp-admin/create-msp-admin.handler';
import { CreateMspAdminController } from './use-cases/create-msp-admin/create-msp-admin.route';
import { GetMeHandler } from './use-cases/get-me/get-me.handler';
import { GetMeController } from './use-cases/get-me/get-me.route';
import { LandingPageHandler } from './use-cases/get-landing-page/get-landing-page.handler';
import { ListTenantUsersHandler } from './use-cases/list-tenant-users/list-tenant-users.handler';
import { ListTenantUsersController } from './use-cases/list-tenant-users/list-tenant-users.route';
import { SignInHandler } from './use-cases/sign-in/sign-in.handler';
import { SignInController } from './use-cases/sign-in/sign-in.route';
import { RateLimitModule } from '../../shared/http/rate-limit/rate-limit.module';
import { RateLimits } from '../../shared/http/rate-limit/rate-limits.service';

@Module({
  imports: [RateLimitModule],
  // In this order, the order of the OpenAPI document's paths.
  controllers: [CreateMspAdminController, AddTenantUserController, ListTenantUsersController, SignInController, GetMeController],
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
