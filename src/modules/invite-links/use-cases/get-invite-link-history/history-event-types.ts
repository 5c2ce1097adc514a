import { INVITE_LINK_EVENT_TYPES } from '../../domain/invite-link.events';
import { TenantDirectoryEvent } from '../../../tenancy/domain/tenant.events';

/**
 * Tenant events that decide whether the link works (R9, R10): an auditor reading why a link
 * stopped or started working needs them next to the link's own events.
 */
const TENANT_EVENTS_THAT_DECIDE_THE_LINK: readonly TenantDirectoryEvent['type'][] = [
  'TenantSsoConfigured',
  'TenantSsoRemoved',
  'TenantCanceled',
];

/** Every event type the invite-link history lists, in the order the docs name them. */
export const HISTORY_EVENT_TYPES: readonly string[] = [...INVITE_LINK_EVENT_TYPES, ...TENANT_EVENTS_THAT_DECIDE_THE_LINK];

const KNOWN = new Set(HISTORY_EVENT_TYPES);

export const isHistoryEventType = (type: string): boolean => KNOWN.has(type);
