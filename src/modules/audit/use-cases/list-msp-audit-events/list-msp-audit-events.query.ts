import { Query } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';
import { AuditCloudEvent } from '../../application/audit-cloud-event';
import { AuditFilter } from '../../application/audit-filter';

export interface AuditEventsPage {
  readonly items: AuditCloudEvent[];
  /** Null once the reader has reached the end of the log; otherwise pass it back as `cursor`. */
  readonly nextCursor: string | null;
}

export class ListMspAuditEventsQuery extends Query<AuditEventsPage> {
  constructor(
    readonly caller: Caller,
    readonly mspId: string,
    readonly filter: AuditFilter,
    readonly limit: number,
    /** Read strictly after this global position; undefined = from the beginning of the log. */
    readonly after: number | undefined,
  ) {
    super();
  }
}
