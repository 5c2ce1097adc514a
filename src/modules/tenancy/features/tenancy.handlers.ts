import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { contextOf } from '../../../shared/application/command-context';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { READ_MODELS, ReadModels } from '../../../shared/application/read-models.port';
import { ReadYourWrites } from '../../../shared/application/read-your-writes';
import { TenantAccess } from '../../accounts/auth/tenant-access.service';
import { mspDecider, mspStream } from '../domain/msp.decider';
import { SiblingDomainClaims } from '../application/sibling-domain-claims.service';
import { findRole, tenantDecider } from '../domain/tenant.decider';
import { tenantStream } from '../domain/tenant.events';
import {
  CancelTenantCommand,
  ConfigureSsoCommand,
  CreateMspCommand,
  CreateRoleCommand,
  CreateTenantCommand,
  ListRolesQuery,
  ListTenantsQuery,
  RemoveSsoCommand,
} from './tenancy.commands';

@CommandHandler(CreateMspCommand)
export class CreateMspHandler implements ICommandHandler<CreateMspCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly access: TenantAccess,
  ) {}

  async execute({ caller, name }: CreateMspCommand) {
    this.access.requireOperator(caller.principal);
    const mspId = randomUUID();
    const { state } = await this.repository.execute(
      mspStream(mspId),
      mspDecider,
      { type: 'CreateMsp', mspId, name },
      contextOf(caller),
    );
    return { id: state.mspId, name: state.name };
  }
}

@CommandHandler(CreateTenantCommand)
export class CreateTenantHandler implements ICommandHandler<CreateTenantCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly access: TenantAccess,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ caller, mspId, name }: CreateTenantCommand) {
    await this.access.requireMspAccess(caller.principal, mspId, 'manage');
    const tenantId = randomUUID();
    const result = await this.repository.execute(
      tenantStream(tenantId),
      tenantDecider,
      { type: 'CreateTenant', tenantId, mspId, name: name.trim() },
      contextOf(caller),
    );
    await this.readYourWrites.after(result.position);
    return { id: tenantId, name: result.state.name, mspId };
  }
}

@QueryHandler(ListTenantsQuery)
export class ListTenantsHandler implements IQueryHandler<ListTenantsQuery> {
  constructor(
    private readonly access: TenantAccess,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  async execute({ caller, mspId }: ListTenantsQuery) {
    await this.access.requireMspAccess(caller.principal, mspId, 'read');
    return { items: await this.readModels.listTenantsOfMsp(mspId) };
  }
}

@QueryHandler(ListRolesQuery)
export class ListRolesHandler implements IQueryHandler<ListRolesQuery> {
  constructor(private readonly access: TenantAccess) {}

  async execute({ caller, tenantId }: ListRolesQuery) {
    const { state } = await this.access.requireTenant(caller.principal, tenantId, 'read');
    return { items: [...state.roles] };
  }
}

@CommandHandler(CreateRoleCommand)
export class CreateRoleHandler implements ICommandHandler<CreateRoleCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly access: TenantAccess,
  ) {}

  async execute({ caller, tenantId, name }: CreateRoleCommand) {
    await this.access.requireTenant(caller.principal, tenantId, 'manage');
    const roleId = randomUUID();
    const { state } = await this.repository.execute(
      tenantStream(tenantId),
      tenantDecider,
      { type: 'CreateRole', roleId, name },
      contextOf(caller),
    );
    return findRole(state, roleId)!;
  }
}

@CommandHandler(ConfigureSsoCommand)
export class ConfigureSsoHandler implements ICommandHandler<ConfigureSsoCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly access: TenantAccess,
  ) {}

  async execute({ caller, tenantId, sso }: ConfigureSsoCommand) {
    await this.access.requireTenant(caller.principal, tenantId, 'manage');
    const { state } = await this.repository.execute(
      tenantStream(tenantId),
      tenantDecider,
      { type: 'ConfigureSso', sso },
      contextOf(caller),
    );
    return { tenantId, sso: state.sso! };
  }
}

@CommandHandler(RemoveSsoCommand)
export class RemoveSsoHandler implements ICommandHandler<RemoveSsoCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly access: TenantAccess,
  ) {}

  async execute({ caller, tenantId }: RemoveSsoCommand) {
    await this.access.requireTenant(caller.principal, tenantId, 'manage');
    await this.repository.execute(tenantStream(tenantId), tenantDecider, { type: 'RemoveSso' }, contextOf(caller));
  }
}

@CommandHandler(CancelTenantCommand)
export class CancelTenantHandler implements ICommandHandler<CancelTenantCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly access: TenantAccess,
    private readonly claims: SiblingDomainClaims,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ caller, tenantId }: CancelTenantCommand) {
    await this.access.requireTenant(caller.principal, tenantId, 'manage');
    const context = contextOf(caller);
    const result = await this.repository.execute(tenantStream(tenantId), tenantDecider, { type: 'CancelTenant' }, context);
    // A canceled tenant's link is dead forever (R10): its domains become free for siblings.
    await this.claims.releaseStale(tenantId, context);
    await this.readYourWrites.after(result.position);
    return { id: tenantId, name: result.state.name, status: 'canceled' as const };
  }
}
