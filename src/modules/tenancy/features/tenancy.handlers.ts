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
import { TenantCommands } from '../application/tenant-commands.service';
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

/**
 * No read model shows MSPs today; the command still answers after the projection has passed its
 * event, like every command, so that whatever a read model shows of an MSP later is read-your-writes.
 */
@CommandHandler(CreateMspCommand)
export class CreateMspHandler implements ICommandHandler<CreateMspCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly access: TenantAccess,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ caller, name }: CreateMspCommand) {
    this.access.requireOperator(caller.principal);
    const mspId = randomUUID();
    const result = await this.repository.decideAndAppend(
      mspStream(mspId),
      mspDecider,
      { type: 'CreateMsp', mspId, name },
      contextOf(caller),
    );
    await this.readYourWrites.after(result.position);
    return { id: result.state.mspId, name: result.state.name };
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
    const result = await this.repository.decideAndAppend(
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

/** Roles come from the tenant-roles read model; access is decided on the write side. */
@QueryHandler(ListRolesQuery)
export class ListRolesHandler implements IQueryHandler<ListRolesQuery> {
  constructor(
    private readonly access: TenantAccess,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  async execute({ caller, tenantId }: ListRolesQuery) {
    const { state } = await this.access.requireTenant(caller.principal, tenantId, 'read');
    const roles = await this.readModels.listTenantRoles(tenantId);
    // Every tenant has its built-in roles from its first event on, so a list without them means
    // the read model has not projected the tenant's creation (created through another instance
    // a moment ago, or read models built before roles were projected, until a rebuild): the
    // stream TenantAccess has just loaded answers instead.
    const projected = roles.some((role) => role.builtIn);
    return { items: projected ? roles : state.roles.map(({ id, name, builtIn }) => ({ id, name, builtIn })) };
  }
}

@CommandHandler(CreateRoleCommand)
export class CreateRoleHandler implements ICommandHandler<CreateRoleCommand> {
  constructor(private readonly tenants: TenantCommands) {}

  async execute({ caller, tenantId, name }: CreateRoleCommand) {
    const roleId = randomUUID();
    const { state } = await this.tenants.run(caller, tenantId, { type: 'CreateRole', roleId, name });
    return findRole(state, roleId)!;
  }
}

/** Shown by the invite link read model: SSO makes the link unavailable (and disables it, R9). */
@CommandHandler(ConfigureSsoCommand)
export class ConfigureSsoHandler implements ICommandHandler<ConfigureSsoCommand> {
  constructor(private readonly tenants: TenantCommands) {}

  async execute({ caller, tenantId, sso }: ConfigureSsoCommand) {
    const { state } = await this.tenants.run(caller, tenantId, { type: 'ConfigureSso', sso });
    return { tenantId, sso: state.sso! };
  }
}

@CommandHandler(RemoveSsoCommand)
export class RemoveSsoHandler implements ICommandHandler<RemoveSsoCommand> {
  constructor(private readonly tenants: TenantCommands) {}

  async execute({ caller, tenantId }: RemoveSsoCommand) {
    await this.tenants.run(caller, tenantId, { type: 'RemoveSso' });
  }
}

@CommandHandler(CancelTenantCommand)
export class CancelTenantHandler implements ICommandHandler<CancelTenantCommand> {
  constructor(
    private readonly tenants: TenantCommands,
    private readonly claims: SiblingDomainClaims,
  ) {}

  async execute({ caller, tenantId }: CancelTenantCommand) {
    const { state } = await this.tenants.run(caller, tenantId, { type: 'CancelTenant' });
    // A canceled tenant's link is dead forever (R10): its domains become free for siblings.
    await this.claims.releaseStale(tenantId, contextOf(caller));
    return { id: tenantId, name: state.name, status: 'canceled' as const };
  }
}
