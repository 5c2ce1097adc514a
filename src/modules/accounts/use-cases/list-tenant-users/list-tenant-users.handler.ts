import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { READ_MODELS, ReadModels } from '../../../../shared/application/read-models.port';
import { TenantAccess } from '../../auth/tenant-access.service';
import { ListTenantUsersQuery } from './list-tenant-users.query';

@QueryHandler(ListTenantUsersQuery)
export class ListTenantUsersHandler implements IQueryHandler<ListTenantUsersQuery> {
  constructor(
    private readonly access: TenantAccess,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  async execute({ caller, tenantId, limit, cursor }: ListTenantUsersQuery) {
    await this.access.requireTenant(caller.principal, tenantId, 'read');
    return this.readModels.listTenantUsers(tenantId, { limit, cursor });
  }
}
