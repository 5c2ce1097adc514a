import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { SiblingDomainClaims } from './application/sibling-domain-claims.service';
import { TenantCommands } from './application/tenant-commands.service';
import {
  CancelTenantHandler,
  ConfigureSsoHandler,
  CreateMspHandler,
  CreateRoleHandler,
  CreateTenantHandler,
  ListRolesHandler,
  ListTenantsHandler,
  RemoveSsoHandler,
} from './features/tenancy.handlers';
import { TenancyController } from './http/tenancy.controller';

@Module({
  imports: [AccountsModule],
  controllers: [TenancyController],
  providers: [
    SiblingDomainClaims,
    TenantCommands,
    CreateMspHandler,
    CreateTenantHandler,
    ListTenantsHandler,
    ListRolesHandler,
    CreateRoleHandler,
    ConfigureSsoHandler,
    RemoveSsoHandler,
    CancelTenantHandler,
  ],
  exports: [SiblingDomainClaims, TenantCommands],
})
export class TenancyModule {}
