import { Query } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';
import { Role } from '../../domain/roles';

export class ListRolesQuery extends Query<{ items: Role[] }> {
  constructor(readonly caller: Caller, readonly tenantId: string) {
    super();
  }
}
