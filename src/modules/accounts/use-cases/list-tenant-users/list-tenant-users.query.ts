import { Query } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';
import { Page, TenantUser } from '../../../../shared/application/read-models.port';

export class ListTenantUsersQuery extends Query<Page<TenantUser>> {
  constructor(
    readonly caller: Caller,
    readonly tenantId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}
