import { CloudEvent } from 'cloudevents';
import { RecordedEvent } from '../../../shared/application/event-store.port';
import { eventHash, hashedContentOf, secretDigestOf } from '../../../shared/domain/audit-chain';
import { EventMetadata } from '../../../shared/domain/event';
import { exportedEventHash, toAuditCloudEvent } from './audit-cloud-event';

const TENANT = '7d0f5a52-3f4c-4f55-9a47-2d2f5e3f1a10';
const MSP = '0b6d3e8e-8f0a-4c47-9d55-4a6b9f1a2c33';
const ADMIN = '5a1e6a0c-6b44-4d6a-8c9e-1f2a3b4c5d6e';

function recorded(overrides: Partial<RecordedEvent> = {}, metadata: Partial<EventMetadata> = {}): RecordedEvent {
  const base: RecordedEvent = {
    id: 'f3b0c442-98fc-4c14-9afb-f4c8996fb924',
    type: 'InviteLinkEnabled',
    streamName: `tenant-${TENANT}`,
    revision: 3,
    position: 1042,
    data: { generation: 1, token: { hash: 'h'.repeat(64), ciphertext: 'c'.repeat(40) } },
    metadata: { actor: { type: 'msp_admin', id: ADMIN }, at: '2026-03-01T09:00:00.000Z', correlationId: 'corr-1', schemaVersion: 1, ...metadata },
    recordedAt: new Date('2026-03-01T09:00:00.001Z'),
    ...overrides,
  };
  return base;
}

describe('the audit CloudEvent of a stored event', () => {
  it('has the attributes of the audit contract and leaves the secret fields out', () => {
    const event = toAuditCloudEvent(recorded(), { mspId: MSP, tenantId: TENANT });
    expect(event).toEqual({
      specversion: '1.0',
      id: 'f3b0c442-98fc-4c14-9afb-f4c8996fb924',
      source: `/msps/${MSP}/tenants/${TENANT}`,
      type: 'InviteLinkEnabled',
      subject: `tenant-${TENANT}`,
      time: '2026-03-01T09:00:00.000Z',
      datacontenttype: 'application/json',
      data: { generation: 1 },
      actortype: 'msp_admin',
      actorid: ADMIN,
      correlationid: 'corr-1',
      schemaversion: 1,
      sequence: '1042',
      streamrevision: 3,
      secretdigest: secretDigestOf({ token: { hash: 'h'.repeat(64), ciphertext: 'c'.repeat(40) } }),
    });
    expect(JSON.stringify(event)).not.toMatch(/hhhh|cccc/);
  });

  it('is valid CloudEvents 1.0 for the SDK, which keeps every attribute as written', () => {
    const event = toAuditCloudEvent(recorded({}, { integrity: { prev: 'a'.repeat(64), hash: 'b'.repeat(64) } }), { mspId: MSP, tenantId: TENANT });
    const parsed = new CloudEvent<Record<string, unknown>>({ ...event }, true);
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(event);
  });

  it('names no actor id for the operator and the system, reads a missing schema version as 1, keeps the instant as stored', () => {
    for (const actor of [{ type: 'operator' }, { type: 'system' }] as const) {
      const event = toAuditCloudEvent(recorded({ data: {} }, { actor, schemaVersion: undefined, at: '2026-03-01T09:00:00.123456Z' }), { mspId: MSP });
      expect(event).toMatchObject({ actortype: actor.type, schemaversion: 1, source: `/msps/${MSP}`, time: '2026-03-01T09:00:00.123456Z' });
      expect(event).not.toHaveProperty('actorid');
      expect(event).not.toHaveProperty('secretdigest');
    }
  });

  it('names the platform, or the tenant alone, when the event belongs to no known MSP', () => {
    expect(toAuditCloudEvent(recorded({ streamName: 'user-x' }), { mspId: null }).source).toBe('/platform');
    expect(toAuditCloudEvent(recorded(), { mspId: null, tenantId: TENANT }).source).toBe(`/tenants/${TENANT}`);
  });

  it('carries the stored hashes, leaving prevhash out where the stream chain starts', () => {
    const first = toAuditCloudEvent(recorded({}, { integrity: { prev: null, hash: 'b'.repeat(64) } }), { mspId: MSP, tenantId: TENANT });
    expect(first.eventhash).toBe('b'.repeat(64));
    expect(first).not.toHaveProperty('prevhash');
    const older = toAuditCloudEvent(recorded(), { mspId: MSP, tenantId: TENANT });
    expect(older).not.toHaveProperty('eventhash');
  });

  it('lets the hash be recomputed from the exported line alone, and a changed line no longer matches', () => {
    const stored = recorded({}, { causationId: 'cause-1' });
    const hash = eventHash(hashedContentOf(stored), 'a'.repeat(64));
    const event = toAuditCloudEvent(recorded({}, { causationId: 'cause-1', integrity: { prev: 'a'.repeat(64), hash } }), { mspId: MSP, tenantId: TENANT });
    const line = JSON.parse(JSON.stringify(event));
    const exported = exportedEventHash(line);
    expect(exported.position).toBe(1042);
    expect(exported.stored).toEqual({ prev: 'a'.repeat(64), hash });
    expect(eventHash(exported.content, exported.stored!.prev)).toBe(hash);

    const edited = exportedEventHash({ ...line, data: { generation: 2 } });
    expect(eventHash(edited.content, edited.stored!.prev)).not.toBe(hash);
    const otherActor = exportedEventHash({ ...line, actorid: '00000000-0000-0000-0000-000000000000' });
    expect(eventHash(otherActor.content, otherActor.stored!.prev)).not.toBe(hash);
  });

  it('refuses a line that lacks what the hash needs', () => {
    const line = toAuditCloudEvent(recorded(), { mspId: MSP, tenantId: TENANT });
    expect(() => exportedEventHash({ ...line, sequence: '01' })).toThrow('sequence');
    const { streamrevision: _revision, ...withoutRevision } = line;
    expect(() => exportedEventHash(withoutRevision as typeof line)).toThrow('streamrevision');
  });
});
