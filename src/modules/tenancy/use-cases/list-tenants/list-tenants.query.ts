import { Query } from '@nestjs/cqrs';
import { TenantSummary } from '../../../../shared/application/read-models.port';
import { Caller } from '../../../../shared/application/request-context';

export class ListTenantsQuery extends Query<{ items: TenantSummary[] }> {
  constructor(readonly caller: Caller, readonly mspId: string) {
    super();
  }
}
