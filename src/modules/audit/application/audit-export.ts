import { EventStore, RecordedEvent } from '../../../shared/application/event-store.port';
import { toAuditCloudEvent } from './audit-cloud-event';
import { AuditFilter, passes } from './audit-filter';
import { pagesUpTo } from './log-pages';
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

/** Which events an export keeps: of one MSP, of one tenant, by type and time. */
export interface AuditExportSelection {
  /** Only the events of this MSP's streams and its tenants' streams. */
  readonly mspId?: string;
  /** Only the events of this tenant's stream. */
  readonly tenantId?: string;
  readonly filter?: AuditFilter;
}

/** One page of the log as export lines: what the export loop and the worker threads that may build pages share. */
export interface ExportedPage {
  /** The NDJSON lines of the page's matching events, each ending with a newline ('' when none matched). */
  readonly chunk: string;
  /** Events of the page read, and those written. */
  readonly examined: number;
  readonly written: number;
  /** Positions of the page's first and last event; undefined for a page with no event. */
  readonly firstPosition: number | undefined;
  readonly lastPosition: number | undefined;
}

export interface AuditExportOptions extends AuditExportSelection {
  readonly store: Pick<EventStore, 'readAll' | 'headPosition'>;
  /**
   * Receives the NDJSON lines of one page of the log at a time (each ends with a newline). The
   * export reads the next page only once the returned promise resolves: with a stream's
   * backpressure behind it, memory holds one page, whatever the size of the log.
   */
  readonly write: (chunk: string) => Promise<void>;
  readonly onProgress?: (progress: AuditExportProgress) => void;
  readonly signal?: AbortSignal;
  readonly pageSize?: number;
  /**
   * Builds the pages up to the head elsewhere (worker threads, src/cli/log-workers.ts), in
   * position order; by default they are read and built here, a page at a time.
   */
  readonly pages?: (headPosition: number | undefined) => AsyncIterable<ExportedPage>;
}

/**
 * `audit:export`: every matching event as one CloudEvent per line, in global order, up to the head
 * the log had when the export started. The log is read from the beginning even with filters,
 * because a tenant's MSP is known from its TenantCreated (StreamOwners).
 */
export async function exportAuditEvents(options: AuditExportOptions): Promise<AuditExportProgress> {
  const { store, write, onProgress, signal, pageSize = 1000 } = options;
  const headPosition = await store.headPosition();
  let progress: AuditExportProgress = { examined: 0, written: 0, position: undefined, firstPosition: undefined, headPosition };
  onProgress?.(progress);
  const pages = options.pages?.(headPosition) ?? exportedPagesOf(store, headPosition, options, pageSize);
  for await (const page of pages) {
    signal?.throwIfAborted();
    if (page.chunk) await write(page.chunk);
    progress = {
      examined: progress.examined + page.examined,
      written: progress.written + page.written,
      position: page.lastPosition ?? progress.position,
      firstPosition: progress.firstPosition ?? page.firstPosition,
      headPosition,
    };
    onProgress?.(progress);
  }
  return progress;
}

/** The log's pages up to the head, read and built in this thread. */
async function* exportedPagesOf(
  store: Pick<EventStore, 'readAll'>,
  headPosition: number | undefined,
  selection: AuditExportSelection,
  pageSize: number,
): AsyncGenerator<ExportedPage> {
  const owners = new StreamOwners();
  for await (const page of pagesUpTo(store, headPosition, pageSize)) yield exportPage(page, owners, selection);
}

/**
 * The export lines of a page of events, in order. `owners` must have learnt the MSP of every
 * tenant whose stream appears here and started on an earlier page (reading the log from the
 * start does that; a worker thread looks them up first).
 */
export function exportPage(events: readonly RecordedEvent[], owners: StreamOwners, selection: AuditExportSelection): ExportedPage {
  const { mspId, tenantId, filter = {} } = selection;
  let chunk = '';
  let written = 0;
  for (const event of events) {
    owners.learn(event);
    const owner = owners.ownerOf(event);
    if (mspId !== undefined && owner.mspId !== mspId) continue;
    if (tenantId !== undefined && owner.tenantId !== tenantId) continue;
    if (!passes(filter, event)) continue;
    chunk += `${JSON.stringify(toAuditCloudEvent(event, owner))}\n`;
    written++;
  }
  return {
    chunk,
    examined: events.length,
    written,
    firstPosition: events[0]?.position,
    lastPosition: events[events.length - 1]?.position,
  };
}
