import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { SiblingDomainClaims } from './application/sibling-domain-claims.service';
import { TenantCommands } from './application/tenant-commands.service';
import { CancelTenantHandler } from './use-cases/cancel-tenant/cancel-tenant.handler';
import { CancelTenantController } from './use-cases/cancel-tenant/cancel-tenant.route';
import { ConfigureSsoHandler } from './use-cases/configure-sso/configure-sso.handler';
import { ConfigureSsoController } from './use-cases/configure-sso/configure-sso.route';
import { CreateMspHandler } from './use-cases/create-msp/create-msp.handler';
import { CreateMspController } from './use-cases/create-msp/create-msp.route';
import { CreateRoleHandler } from './use-cases/create-role/create-role.handler';
import { CreateRoleController } from './use-cases/create-role/create-role.route';
import { CreateTenantHandler } from './use-cases/create-tenant/create-tenant.handler';
import { CreateTenantController } from './use-cases/create-tenant/create-tenant.route';
import { GetMembershipNamesHandler } from './use-cases/get-membership-names/get-membership-names.handler';
import { ListRolesHandler } from './use-cases/list-roles/list-roles.handler';
import { ListRolesController } from './use-cases/list-roles/list-roles.route';
import { ListTenantsHandler } from './use-cases/list-tenants/list-tenants.handler';
import { ListTenantsController } from './use-cases/list-tenants/list-tenants.route';
import { RemoveSsoHandler } from './use-cases/remove-sso/remove-sso.handler';
import { RemoveSsoController } from './use-cases/remove-sso/remove-sso.route';

@Module({
  imports: [AccountsModule],
  // Express tries routes in the order they are registered, and the OpenAPI document lists them in
  // that order too. No two of these paths match the same URL; the order is the published document's.
  controllers: [
    CreateMspController,
    CreateTenantController,
    ListTenantsController,
    ListRolesController,
    CreateRoleController,
    ConfigureSsoController,
    RemoveSsoController,
    CancelTenantController,
  ],
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
    GetMembershipNamesHandler,
  ],
  exports: [SiblingDomainClaims, TenantCommands],
})
export class TenancyModule {}
