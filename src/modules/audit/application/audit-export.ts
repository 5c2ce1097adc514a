import { EventStore } from '../../../shared/application/event-store.port';
import { toAuditCloudEvent } from './audit-cloud-event';
import { AuditFilter, passes } from './audit-filter';
import { StreamOwners } from './stream-owners';

export interface AuditExportProgress {
  /** Events read from the log so far. */
  readonly examined: number;
  /** Events that matched and were written. */
  readonly written: number;
  /** Position of the last event read; undefined before the first. */
  readonly position: number | undefined;
  /** Position of the first event of the log, undefined for an empty log. */
  readonly firstPosition: number | undefined;
  /** The head when the export started: the export stops there, so it ends even while the service appends. */
  readonly headPosition: number | undefined;
}

export interface AuditExportOptions {
  readonly store: Pick<EventStore, 'readAll' | 'headPosition'>;
  /** Only the events of this MSP's streams and its tenants' streams. */
  readonly mspId?: string;
  /** Only the events of this tenant's stream. */
  readonly tenantId?: string;
  readonly filter?: AuditFilter;
  /**
   * Receives the NDJSON lines of one page of the log at a time (each ends with a newline). The
   * export reads the next page only once the returned promise resolves: with a stream's
   * backpressure behind it, memory holds one page, whatever the size of the log.
   */
  readonly write: (chunk: string) => Promise<void>;
  readonly onProgress?: (progress: AuditExportProgress) => void;
  readonly signal?: AbortSignal;
  readonly pageSize?: number;
}

/**
 * `audit:export`: every matching event as one CloudEvent per line, in global order, up to the head
 * the log had when the export started. The log is read from the beginning even with filters,
 * because a tenant's MSP is known from its TenantCreated (StreamOwners).
 */
export async function exportAuditEvents(options: AuditExportOptions): Promise<AuditExportProgress> {
  const { store, mspId, tenantId, filter = {}, write, onProgress, signal, pageSize = 1000 } = options;
  const headPosition = await store.headPosition();
  const owners = new StreamOwners();
  let progress: AuditExportProgress = { examined: 0, written: 0, position: undefined, firstPosition: undefined, headPosition };
  onProgress?.(progress);
  let after: number | undefined;
  while (headPosition !== undefined && (after === undefined || after < headPosition)) {
    signal?.throwIfAborted();
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) break;
    let chunk = '';
    let { examined, written, firstPosition } = progress;
    for (const event of page) {
      if (event.position > headPosition) break;
      firstPosition ??= event.position;
      examined++;
      after = event.position;
      owners.learn(event);
      const owner = owners.ownerOf(event);
      if (mspId !== undefined && owner.mspId !== mspId) continue;
      if (tenantId !== undefined && owner.tenantId !== tenantId) continue;
      if (!passes(filter, event)) continue;
      chunk += `${JSON.stringify(toAuditCloudEvent(event, owner))}\n`;
      written++;
    }
    if (chunk) await write(chunk);
    progress = { examined, written, position: after, firstPosition, headPosition };
    onProgress?.(progress);
    if (page[page.length - 1].position > headPosition) break;
  }
  return progress;
}
