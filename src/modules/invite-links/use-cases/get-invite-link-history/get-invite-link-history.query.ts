import { Query } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';
import { Actor } from '../../../../shared/domain/event';

export interface HistoryItem {
  type: string;
  at: string;
  actor: Actor;
  data: Record<string, unknown>;
}

export class GetInviteLinkHistoryQuery extends Query<{ items: HistoryItem[] }> {
  constructor(readonly caller: Caller, readonly tenantId: string) {
    super();
  }
}
