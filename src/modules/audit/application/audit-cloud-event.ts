import { CloudEvent } from 'cloudevents';
import { RecordedEvent } from '../../../shared/application/event-store.port';
import { storedSchemaVersion } from '../../../shared/application/event-schema-versions';
import { EventIntegrity, HashedContent, hashedContentOf, integrityOf } from '../../../shared/domain/audit-chain';
import { Actor } from '../../../shared/domain/event';

/** Where an event belongs: the MSP it is part of and, for a tenant stream, the tenant. */
export interface AuditOwner {
  /** Null for events that belong to no MSP (accounts, e-mail reservations, Microsoft identities). */
  readonly mspId: string | null;
  /** Set for the events of a tenant stream, `tenant-<tenantId>`. */
  readonly tenantId?: string;
}

/**
 * One stored event as an auditor receives it, in the feed and in the export: a CloudEvents 1.0
 * event in structured JSON. Besides the attributes the audit contract names, it carries what an
 * auditor needs to recompute the event's hash from the line alone (shared/domain/audit-chain.ts):
 * the stream revision, the causation, a digest of the secret fields it leaves out, and the hashes
 * the event store chained it with.
 */
export interface AuditCloudEvent {
  readonly specversion: '1.0';
  /** The event id. */
  readonly id: string;
  /** `/msps/<mspId>`, `/msps/<mspId>/tenants/<tenantId>`; see sourceOf for events of no MSP. */
  readonly source: string;
  readonly type: string;
  /** The stream. */
  readonly subject: string;
  /** The instant the change was decided (metadata.at), exactly as stored. */
  readonly time: string;
  readonly datacontenttype: 'application/json';
  /** The payload without its secret fields (SECRET_FIELDS): never a token, a hash of one, a ciphertext or a password hash. */
  readonly data: Record<string, unknown>;
  readonly actortype: string;
  /** Absent for the operator and the system. */
  readonly actorid?: string;
  readonly correlationid: string;
  readonly causationid?: string;
  /** The payload's schema version (1 for events stored before versions were recorded). */
  readonly schemaversion: number;
  /** The global position, as a decimal string without leading zeros. */
  readonly sequence: string;
  readonly streamrevision: number;
  /** sha256 of the canonical secret fields the data leaves out; absent when the payload has none. */
  readonly secretdigest?: string;
  /** The hash of the previous event of the stream; absent when the chain starts at this event. */
  readonly prevhash?: string;
  /** The event's hash as the event store stored it; absent on events written before the chain. */
  readonly eventhash?: string;
}

/**
 * CloudEvents `source` of an event. Events that belong to no MSP (the accounts' own streams)
 * appear only in an unfiltered export, as `/platform`; a tenant stream whose creation is missing
 * from the log (which verification reports) keeps its tenant, as `/tenants/<tenantId>`.
 */
export function sourceOf(owner: AuditOwner): string {
  if (owner.mspId === null) return owner.tenantId === undefined ? '/platform' : `/tenants/${owner.tenantId}`;
  return owner.tenantId === undefined ? `/msps/${owner.mspId}` : `/msps/${owner.mspId}/tenants/${owner.tenantId}`;
}

/**
 * Builds the CloudEvent of a stored event. The object is plain JSON with its attributes in a fixed
 * order, written as it is: the SDK's `toJSON` would rewrite `time` through `Date`, and `time` must
 * stay byte for byte what was hashed. `validateAuditCloudEvent` checks it with the SDK.
 */
export function toAuditCloudEvent(event: RecordedEvent, owner: AuditOwner): AuditCloudEvent {
  const content = hashedContentOf(event);
  const integrity = integrityOf(event.metadata);
  const actor = event.metadata.actor;
  return {
    specversion: '1.0',
    id: event.id,
    source: sourceOf(owner),
    type: event.type,
    subject: event.streamName,
    time: event.metadata.at,
    datacontenttype: 'application/json',
    data: content.publicData,
    actortype: actor.type,
    ...('id' in actor ? { actorid: actor.id } : {}),
    correlationid: event.metadata.correlationId,
    ...(content.causationId !== undefined ? { causationid: content.causationId } : {}),
    schemaversion: storedSchemaVersion(event.metadata),
    sequence: String(event.position),
    streamrevision: event.revision,
    ...(content.secretDigest !== null ? { secretdigest: content.secretDigest } : {}),
    ...(integrity?.prev ? { prevhash: integrity.prev } : {}),
    ...(integrity ? { eventhash: integrity.hash } : {}),
  };
}

/** What an exported line says about the hash of its event: enough to recompute and compare it. */
export interface ExportedEventHash {
  readonly position: number;
  /** What the event's hash covers, rebuilt from the line (audit-chain.ts, eventHash). */
  readonly content: HashedContent;
  /** The hashes the event store stored, or undefined for an event written before the chain. */
  readonly stored: EventIntegrity | undefined;
}

/**
 * The inverse of toAuditCloudEvent for what the audit chain covers: from one exported line, the
 * hashed content and the stored hashes, so that `audit:verify --file` (or an auditor's own tool)
 * checks every line without the event store. Throws when the line lacks an attribute the hash
 * needs; a changed value is not detected here but by the hash it no longer matches.
 */
export function exportedEventHash(line: AuditCloudEvent): ExportedEventHash {
  const text = (name: keyof AuditCloudEvent): string => {
    const value = line[name];
    if (typeof value !== 'string') throw new Error(`${name} must be a string`);
    return value;
  };
  if (!/^(0|[1-9]\d*)$/.test(text('sequence'))) throw new Error('sequence must be a decimal position');
  if (!Number.isInteger(line.streamrevision) || line.streamrevision < 0) throw new Error('streamrevision must be an integer');
  if (!Number.isInteger(line.schemaversion)) throw new Error('schemaversion must be an integer');
  if (typeof line.data !== 'object' || line.data === null || Array.isArray(line.data)) throw new Error('data must be an object');
  const actor = (line.actorid === undefined ? { type: text('actortype') } : { type: text('actortype'), id: line.actorid }) as Actor;
  const content: HashedContent = {
    id: text('id'),
    streamName: text('subject'),
    revision: line.streamrevision,
    type: text('type'),
    schemaVersion: line.schemaversion,
    actor,
    at: text('time'),
    correlationId: text('correlationid'),
    ...(line.causationid !== undefined ? { causationId: line.causationid } : {}),
    publicData: line.data,
    secretDigest: line.secretdigest ?? null,
  };
  const stored = line.eventhash === undefined ? undefined : { prev: line.prevhash ?? null, hash: line.eventhash };
  return { position: Number(line.sequence), content, stored };
}

/**
 * Checks an event against CloudEvents 1.0 with the `cloudevents` SDK (its JSON schema and its
 * rules on attribute names and extension values). Throws the SDK's ValidationError when it does
 * not conform.
 */
export function validateAuditCloudEvent(event: AuditCloudEvent): void {
  new CloudEvent<Record<string, unknown>>({ ...event }, true);
}
