import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { READ_MODELS, ReadModels } from '../../../../shared/application/read-models.port';
import { TenantAccess } from '../../../accounts/auth/tenant-access.service';
import { ListRolesQuery } from './list-roles.query';

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
