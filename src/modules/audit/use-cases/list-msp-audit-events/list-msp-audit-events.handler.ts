import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, RecordedEvent } from '../../../../shared/application/event-store.port';
import { READ_MODELS, ReadModels } from '../../../../shared/application/read-models.port';
import { TenantAccess } from '../../../accounts/auth/tenant-access.service';
import { tenantStream } from '../../../tenancy/domain/tenant.events';
import { AuditCloudEvent, AuditOwner, toAuditCloudEvent } from '../../application/audit-cloud-event';
import { encodeCursor } from '../../application/audit-cursor';
import { passes } from '../../application/audit-filter';
import { mspOfOwnStream, tenantCreatedIn, tenantOfStream } from '../../application/stream-owners';
import { AuditEventsPage, ListMspAuditEventsQuery } from './list-msp-audit-events.query';

/** Events read from the log per round trip. */
export const AUDIT_FEED_BATCH = 500;
/**
 * Events one request examines at most. The log holds every MSP's events; when this MSP's are
 * sparse, a page may come back short (even empty) with a nextCursor, and the client goes on.
 */
export const AUDIT_FEED_SCAN_BUDGET = 10_000;
/** How long a page waits for the read models to reach the cursor before it checks tenants itself. */
const READ_MODEL_WAIT_MS = 1000;

/**
 * The MSP audit feed: the log read forward from the cursor, keeping the events of the MSP's own
 * streams and of its tenants' streams. The cursor is the last position examined, so pages never
 * overlap and never skip, however many events are appended between them.
 */
@QueryHandler(ListMspAuditEventsQuery)
export class ListMspAuditEventsHandler implements IQueryHandler<ListMspAuditEventsQuery> {
  constructor(
    private readonly access: TenantAccess,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  async execute({ caller, mspId, filter, limit, after }: ListMspAuditEventsQuery): Promise<AuditEventsPage> {
    await this.access.requireMspAccess(caller.principal, mspId, 'read');
    const tenants = await this.tenantsOf(mspId, after);
    const items: AuditCloudEvent[] = [];
    let examined = after;
    let scanned = 0;
    for (;;) {
      const batch = await this.store.readAll({ after: examined, maxCount: AUDIT_FEED_BATCH });
      for (const event of batch) {
        const owner = await tenants.ownerOf(event);
        if (owner && passes(filter, event)) {
          // One more match than the page holds: the page is full and the next one starts here.
          if (items.length === limit) return { items, nextCursor: encodeCursor(examined!) };
          items.push(toAuditCloudEvent(event, owner));
        }
        examined = event.position;
      }
      scanned += batch.length;
      if (batch.length < AUDIT_FEED_BATCH) return { items, nextCursor: null };
      if (scanned >= AUDIT_FEED_SCAN_BUDGET) return { items, nextCursor: encodeCursor(examined!) };
    }
  }

  /**
   * The MSP's tenants as the page needs them. Tenants created before the cursor come from the read
   * model; a tenant created after it is met by its TenantCreated (a tenant stream's first event)
   * before any of its other events. Only when the read model has not yet reached the cursor is a
   * tenant the page does not know checked on its own stream.
   */
  private async tenantsOf(mspId: string, after: number | undefined): Promise<MspTenants> {
    const known = new Set((await this.readModels.listTenantsOfMsp(mspId)).map((tenant) => tenant.id));
    const complete =
      after === undefined ||
      (await this.readModels.waitForPosition(after, READ_MODEL_WAIT_MS).then(
        () => true,
        () => false,
      ));
    const lookUp = complete ? undefined : async (tenantId: string) => this.mspOfTenant(tenantId);
    return new MspTenants(mspId, known, lookUp);
  }

  private async mspOfTenant(tenantId: string): Promise<string | undefined> {
    const [first] = await this.store.readStream(tenantStream(tenantId), { maxCount: 1 });
    return first ? tenantCreatedIn(first)?.mspId : undefined;
  }
}

/** Decides, event by event in global order, whether an event belongs to one MSP. */
class MspTenants {
  private readonly others = new Set<string>();

  constructor(
    private readonly mspId: string,
    private readonly ours: Set<string>,
    private readonly lookUp: ((tenantId: string) => Promise<string | undefined>) | undefined,
  ) {}

  async ownerOf(event: RecordedEvent): Promise<AuditOwner | undefined> {
    const tenantId = tenantOfStream(event.streamName);
    if (tenantId === undefined) return mspOfOwnStream(event.streamName) === this.mspId ? { mspId: this.mspId } : undefined;
    const created = tenantCreatedIn(event);
    if (created) (created.mspId === this.mspId ? this.ours : this.others).add(tenantId);
    if (!this.ours.has(tenantId) && !this.others.has(tenantId) && this.lookUp) {
      ((await this.lookUp(tenantId)) === this.mspId ? this.ours : this.others).add(tenantId);
    }
    return this.ours.has(tenantId) ? { mspId: this.mspId, tenantId } : undefined;
  }
}
