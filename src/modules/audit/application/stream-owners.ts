import { RecordedEvent } from '../../../shared/application/event-store.port';
import { siblingDomainsStream } from '../../invite-links/domain/sibling-domains.decider';
import { mspStream } from '../../tenancy/domain/msp.decider';
import { TenantCreated, tenantStream } from '../../tenancy/domain/tenant.events';
import { AuditOwner } from './audit-cloud-event';

const TENANT_PREFIX = tenantStream('');
const MSP_PREFIX = mspStream('');
const CLAIMS_PREFIX = siblingDomainsStream('');

/** The tenant id of a tenant stream's name, or undefined for any other stream. */
export const tenantOfStream = (streamName: string): string | undefined =>
  streamName.startsWith(TENANT_PREFIX) ? streamName.slice(TENANT_PREFIX.length) : undefined;

/** The MSP of an MSP's own streams (`msp-<id>` and its sibling-domain claims), or undefined. */
export function mspOfOwnStream(streamName: string): string | undefined {
  if (streamName.startsWith(CLAIMS_PREFIX)) return streamName.slice(CLAIMS_PREFIX.length);
  if (streamName.startsWith(MSP_PREFIX)) return streamName.slice(MSP_PREFIX.length);
  return undefined;
}

/** The MSP a TenantCreated event puts its tenant in, or undefined for any other event. */
export function tenantCreatedIn(event: RecordedEvent): { tenantId: string; mspId: string } | undefined {
  if (event.type !== 'TenantCreated') return undefined;
  const tenantId = tenantOfStream(event.streamName);
  const { mspId } = event.data as Partial<TenantCreated['data']>;
  return tenantId !== undefined && typeof mspId === 'string' ? { tenantId, mspId } : undefined;
}

/**
 * Who owns each stream, learnt by reading the log in global order: a tenant stream starts with
 * TenantCreated, which names its MSP, so a reader that starts at the beginning knows every
 * tenant's MSP by the time it meets the tenant's other events. Holds one entry per tenant (not per
 * event), so an export's memory does not grow with the log.
 */
export class StreamOwners {
  private readonly mspOfTenant = new Map<string, string>();

  /** Call with every event, in global order, before asking ownerOf about it. */
  learn(event: RecordedEvent): void {
    const created = tenantCreatedIn(event);
    if (created) this.mspOfTenant.set(created.tenantId, created.mspId);
  }

  /**
   * The tenants of these events whose MSP is not known yet and that are not created among them:
   * what a reader that starts in the middle of the log (a worker thread with a page of it) looks
   * up, by reading the first event of each one's stream and learning it.
   */
  unknownTenants(events: readonly RecordedEvent[]): string[] {
    const unknown = new Set<string>();
    const createdHere = new Set<string>();
    for (const event of events) {
      const created = tenantCreatedIn(event);
      if (created) createdHere.add(created.tenantId);
      const tenantId = tenantOfStream(event.streamName);
      if (tenantId !== undefined && !this.mspOfTenant.has(tenantId)) unknown.add(tenantId);
    }
    return [...unknown].filter((tenantId) => !createdHere.has(tenantId));
  }

  ownerOf(event: RecordedEvent): AuditOwner {
    const tenantId = tenantOfStream(event.streamName);
    if (tenantId !== undefined) return { mspId: this.mspOfTenant.get(tenantId) ?? null, tenantId };
    return { mspId: mspOfOwnStream(event.streamName) ?? null };
  }
}
