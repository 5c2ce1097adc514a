import { Command } from '@nestjs/cqrs';
import { TenantSummary } from '../../../../shared/application/read-models.port';
import { Caller } from '../../../../shared/application/request-context';

export class CancelTenantCommand extends Command<TenantSummary> {
  constructor(readonly caller: Caller, readonly tenantId: string) {
    super();
  }
}
