import { Module } from '@nestjs/common';
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

@Module({
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
  ],
  exports: [PasswordHasher, SessionService, TenantAccess, AccountRegistration],
})
export class AccountsModule {}
