import { Command, Query } from '@nestjs/cqrs';
import { Caller } from '../../../shared/application/request-context';
import { TenantSummary } from '../../../shared/application/read-models.port';
import { Role } from '../domain/roles';
import { SsoConfiguration } from '../domain/tenant.decider';

export class CreateMspCommand extends Command<{ id: string; name: string }> {
  constructor(readonly caller: Caller, readonly name: string) {
    super();
  }
}

export class CreateTenantCommand extends Command<{ id: string; name: string; mspId: string }> {
  constructor(readonly caller: Caller, readonly mspId: string, readonly name: string) {
    super();
  }
}

export class ListTenantsQuery extends Query<{ items: TenantSummary[] }> {
  constructor(readonly caller: Caller, readonly mspId: string) {
    super();
  }
}

export class ListRolesQuery extends Query<{ items: Role[] }> {
  constructor(readonly caller: Caller, readonly tenantId: string) {
    super();
  }
}

export class CreateRoleCommand extends Command<Role> {
  constructor(readonly caller: Caller, readonly tenantId: string, readonly name: string) {
    super();
  }
}

export class ConfigureSsoCommand extends Command<{ tenantId: string; sso: SsoConfiguration }> {
  constructor(readonly caller: Caller, readonly tenantId: string, readonly sso: SsoConfiguration) {
    super();
  }
}

export class RemoveSsoCommand extends Command<void> {
  constructor(readonly caller: Caller, readonly tenantId: string) {
    super();
  }
}

export class CancelTenantCommand extends Command<TenantSummary> {
  constructor(readonly caller: Caller, readonly tenantId: string) {
    super();
  }
}
