import { Query } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';
import { Actor } from '../../../../shared/domain/event';
import { HistoryOrder } from './history-cursor';

/** One entry of the history (docs/http-api.md). */
export interface HistoryItem {
  /** The event's id. */
  id: string;
  type: string;
  at: string;
  actor: Actor;
  /** "First Last <email>" for people; "Operator" or "System" otherwise. */
  actorName: string;
  /** The event's data without secret fields (shared/domain/secret-fields.ts). */
  data: Record<string, unknown>;
  /** The event's revision in the tenant stream: 0-based, gap-free, never reused. */
  revision: number;
  correlationId: string;
}

export interface HistoryPage {
  items: HistoryItem[];
  /** Null on the page that holds the last item. */
  nextCursor: string | null;
}

export interface HistoryFilter {
  /** Event types to list; undefined: every type of the history. */
  readonly types?: ReadonlySet<string>;
  /** Inclusive, epoch milliseconds. */
  readonly from?: number;
  /** Exclusive, epoch milliseconds. */
  readonly to?: number;
}

export interface HistoryPaging {
  readonly limit: number;
  readonly order: HistoryOrder;
  /** The revision of the last item of the previous page (from its cursor). */
  readonly afterRevision?: number;
}

export class GetInviteLinkHistoryQuery extends Query<HistoryPage> {
  constructor(
    readonly caller: Caller,
    readonly tenantId: string,
    readonly filter: HistoryFilter = {},
    readonly paging: HistoryPaging = { limit: 100, order: 'asc' },
  ) {
    super();
  }
}
