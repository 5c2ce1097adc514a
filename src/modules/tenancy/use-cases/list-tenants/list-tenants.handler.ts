import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { READ_MODELS, ReadModels } from '../../../../shared/application/read-models.port';
import { TenantAccess } from '../../../accounts/auth/tenant-access.service';
import { ListTenantsQuery } from './list-tenants.query';

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
