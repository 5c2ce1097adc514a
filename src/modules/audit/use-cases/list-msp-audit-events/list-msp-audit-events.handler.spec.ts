import { EventStore, RecordedEvent } from '../../../../shared/application/event-store.port';
import { ReadModels } from '../../../../shared/application/read-models.port';
import { TenantAccess } from '../../../accounts/auth/tenant-access.service';
import { decodeCursor, encodeCursor } from '../../application/audit-cursor';
import { AUDIT_FEED_BATCH, AUDIT_FEED_SCAN_BUDGET, ListMspAuditEventsHandler } from './list-msp-audit-events.handler';
import { ListMspAuditEventsQuery } from './list-msp-audit-events.query';

const MSP = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER = 'bbbbbbbb-0000-4000-8000-000000000002';
const caller = { principal: { kind: 'operator' as const }, correlationId: 'c' };

let position = 0;
const event = (streamName: string, type: string, data: Record<string, unknown> = {}): RecordedEvent => {
  position += 1;
  return {
    id: `id-${position}`,
    type,
    streamName,
    revision: 0,
    position,
    data,
    metadata: { actor: { type: 'operator' }, at: '2026-03-01T09:00:00.000Z', correlationId: 'c' },
    recordedAt: new Date(0),
  };
};

/** The handler over an in-memory log, with a read model that knows `tenantsInReadModel` and may lag. */
function aFeed(log: RecordedEvent[], options: { tenantsInReadModel?: string[]; readModelLags?: boolean } = {}) {
  const streamReads: string[] = [];
  const store = {
    async readAll({ after, maxCount } = {}) {
      return log.filter((e) => after === undefined || e.position > after).slice(0, maxCount);
    },
    async readStream(streamName: string, { maxCount }: { maxCount?: number } = {}) {
      streamReads.push(streamName);
      return log.filter((e) => e.streamName === streamName).slice(0, maxCount);
    },
  } as Pick<EventStore, 'readAll' | 'readStream'> as EventStore;
  const readModels = {
    async listTenantsOfMsp() {
      return (options.tenantsInReadModel ?? []).map((id) => ({ id, name: id, status: 'active' as const }));
    },
    async waitForPosition() {
      if (options.readModelLags) throw new Error('timed out');
    },
  } as Pick<ReadModels, 'listTenantsOfMsp' | 'waitForPosition'> as ReadModels;
  const access = { requireMspAccess: async () => ({}) } as unknown as TenantAccess;
  const handler = new ListMspAuditEventsHandler(access, store, readModels);
  const page = (limit: number, after?: number) => handler.execute(new ListMspAuditEventsQuery(caller, MSP, {}, limit, after));
  return { page, streamReads };
}

describe('the MSP audit feed handler', () => {
  it('finds a tenant created before the cursor on its own stream when the read model has not reached the cursor', async () => {
    const created = event('tenant-t1', 'TenantCreated', { tenantId: 't1', mspId: MSP, name: 'T1' });
    const foreign = event('tenant-t2', 'TenantCreated', { tenantId: 't2', mspId: OTHER, name: 'T2' });
    const later = [event('tenant-t1', 'InviteLinkUpdated'), event('tenant-t2', 'InviteLinkUpdated'), event('tenant-t1', 'TenantCanceled')];
    const { page, streamReads } = aFeed([created, foreign, ...later], { readModelLags: true });
    const result = await page(10, foreign.position);
    expect(result.items.map((item) => item.id)).toEqual([later[0].id, later[2].id]);
    // One look-up per unknown tenant, not one per event.
    expect(streamReads.sort()).toEqual(['tenant-t1', 'tenant-t2']);
  });

  it('trusts the read model up to the cursor and the log after it, without reading streams', async () => {
    const log = [
      event('tenant-t1', 'TenantCreated', { tenantId: 't1', mspId: MSP, name: 'T1' }),
      event(`msp-${OTHER}`, 'MspCreated'),
      event('tenant-t3', 'TenantCreated', { tenantId: 't3', mspId: MSP, name: 'T3' }),
      event('tenant-t1', 'InviteLinkUpdated'),
      event('tenant-t3', 'InviteLinkUpdated'),
      event(`mspDomainClaims-${MSP}`, 'SiblingDomainsClaimed'),
    ];
    const { page, streamReads } = aFeed(log, { tenantsInReadModel: ['t1'] });
    const result = await page(10, log[1].position);
    expect(result).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(result.items.map((item) => item.source)).toEqual([
      `/msps/${MSP}/tenants/t3`,
      `/msps/${MSP}/tenants/t1`,
      `/msps/${MSP}/tenants/t3`,
      `/msps/${MSP}`,
    ]);
    expect(streamReads).toEqual([]);
  });

  it('ends a full page where the next match starts, and answers null once the end of the log is reached', async () => {
    const log = [event(`msp-${MSP}`, 'MspCreated'), event(`msp-${OTHER}`, 'MspCreated'), event(`msp-${MSP}`, 'Second'), event(`msp-${OTHER}`, 'X')];
    const { page } = aFeed(log);
    const first = await page(1);
    expect(first.items.map((item) => item.type)).toEqual(['MspCreated']);
    expect(decodeCursor(first.nextCursor!)).toBe(log[1].position);
    const second = await page(1, decodeCursor(first.nextCursor!));
    expect([second.items.map((item) => item.type), second.nextCursor]).toEqual([['Second'], null]);
  });

  it('bounds the events one request examines and hands out a cursor to go on', async () => {
    const log = Array.from({ length: AUDIT_FEED_SCAN_BUDGET + AUDIT_FEED_BATCH }, () => event(`msp-${OTHER}`, 'Elsewhere'));
    log.push(event(`msp-${MSP}`, 'Ours'));
    const { page } = aFeed(log);
    const first = await page(10);
    expect(first).toEqual({ items: [], nextCursor: encodeCursor(log[AUDIT_FEED_SCAN_BUDGET - 1].position) });
    const second = await page(10, decodeCursor(first.nextCursor!));
    expect([second.items.map((item) => item.type), second.nextCursor]).toEqual([['Ours'], null]);
  });
});
