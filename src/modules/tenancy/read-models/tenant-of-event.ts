import { RecordedEvent } from '../../../shared/application/event-store.port';

const TENANT_STREAM_PREFIX = 'tenant-';

/** Events whose payload omits the tenant id carry it in their stream name, `tenant-<id>`. */
export function tenantIdOf(event: RecordedEvent): string {
  if (!event.streamName.startsWith(TENANT_STREAM_PREFIX)) {
    throw new Error(`${event.type} at position ${event.position} is not in a tenant stream: ${event.streamName}`);
  }
  return event.streamName.slice(TENANT_STREAM_PREFIX.length);
}
