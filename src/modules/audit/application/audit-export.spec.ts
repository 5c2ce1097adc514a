import { RecordedEvent } from '../../../shared/application/event-store.port';
import { parseInstant } from '../../../shared/domain/audit-query';
import { decodeCursor, encodeCursor } from './audit-cursor';
import { AuditExportOptions, exportAuditEvents } from './audit-export';
import { passes } from './audit-filter';

const MSP_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const MSP_B = 'bbbbbbbb-0000-4000-8000-000000000002';
const TENANT_A = 'aaaaaaaa-1111-4000-8000-000000000001';
const TENANT_B = 'bbbbbbbb-1111-4000-8000-000000000002';

let position = 0;
const event = (streamName: string, type: string, data: Record<string, unknown> = {}, at = '2026-03-01T09:00:00.000Z'): RecordedEvent => {
  position += 10;
  return {
    id: `id-${position}`,
    type,
    streamName,
    revision: 0,
    position,
    data,
    metadata: { actor: { type: 'operator' }, at, correlationId: `c-${position}`, schemaVersion: 1 },
    recordedAt: new Date(at),
  };
};

/** A log read the way the export reads it, counting its page reads. */
function aLog(events: RecordedEvent[]) {
  const reads: number[] = [];
  const store: AuditExportOptions['store'] = {
    async readAll({ after, maxCount } = {}) {
      const page = events.filter((e) => after === undefined || e.position > after).slice(0, maxCount);
      reads.push(page.length);
      return page;
    },
    async headPosition() {
      return events.at(-1)?.position;
    },
  };
  return { store, reads };
}

async function exported(options: Omit<AuditExportOptions, 'write'>): Promise<Record<string, unknown>[]> {
  let text = '';
  await exportAuditEvents({ ...options, write: async (chunk) => void (text += chunk) });
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

const LOG = [
  event(`msp-${MSP_A}`, 'MspCreated', { mspId: MSP_A, name: 'A' }),
  event(`msp-${MSP_B}`, 'MspCreated', { mspId: MSP_B, name: 'B' }),
  event(`tenant-${TENANT_A}`, 'TenantCreated', { tenantId: TENANT_A, mspId: MSP_A, name: 'TA' }),
  event('user-1', 'UserRegistered', { userId: '1', passwordHash: '$argon2id$secret' }),
  event(`tenant-${TENANT_B}`, 'TenantCreated', { tenantId: TENANT_B, mspId: MSP_B, name: 'TB' }, '2026-03-02T00:00:00.000Z'),
  event(`mspDomainClaims-${MSP_A}`, 'SiblingDomainsClaimed', { tenantId: TENANT_A, domains: ['a.example'], tenantRevision: 1 }),
  event(`tenant-${TENANT_A}`, 'InviteLinkEnabled', { generation: 1, token: { hash: 'x'.repeat(64), ciphertext: 'secret-ciphertext' } }, '2026-03-03T00:00:00.000Z'),
];

describe('audit:export', () => {
  it('writes every event without filters, in global order, without a secret', async () => {
    const lines = await exported({ store: aLog(LOG).store, pageSize: 2 });
    expect(lines.map((line) => line.id)).toEqual(LOG.map((e) => e.id));
    expect(lines.map((line) => line.source)).toEqual([
      `/msps/${MSP_A}`,
      `/msps/${MSP_B}`,
      `/msps/${MSP_A}/tenants/${TENANT_A}`,
      '/platform',
      `/msps/${MSP_B}/tenants/${TENANT_B}`,
      `/msps/${MSP_A}`,
      `/msps/${MSP_A}/tenants/${TENANT_A}`,
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/argon2id|secret-ciphertext|xxxxxxxx/);
  });

  it('keeps one MSP (its own streams and its tenants), one tenant, or a time window', async () => {
    const { store } = aLog(LOG);
    expect((await exported({ store, mspId: MSP_A })).map((line) => line.type)).toEqual([
      'MspCreated',
      'TenantCreated',
      'SiblingDomainsClaimed',
      'InviteLinkEnabled',
    ]);
    expect((await exported({ store, tenantId: TENANT_B })).map((line) => line.subject)).toEqual([`tenant-${TENANT_B}`]);
    expect(await exported({ store, mspId: MSP_B, tenantId: TENANT_A })).toEqual([]);
    const window = { from: parseInstant('2026-03-02T00:00:00Z'), to: parseInstant('2026-03-03') };
    expect((await exported({ store, filter: window })).map((line) => line.type)).toEqual(['TenantCreated']);
  });

  it('reads page by page and stops at the head it started with, while the log grows', async () => {
    const events = [...LOG];
    const { store, reads } = aLog(events);
    let grown = false;
    const lines = await exported({
      store,
      pageSize: 3,
      onProgress: () => {
        if (!grown) events.push(event(`msp-${MSP_A}`, 'Late'));
        grown = true;
      },
    });
    expect(lines).toHaveLength(LOG.length);
    expect(reads).toEqual([3, 3, 2]);
  });

  it('waits for each write before reading on (backpressure)', async () => {
    const { store, reads } = aLog(LOG);
    let release!: () => void;
    const done = exportAuditEvents({ store, pageSize: 2, write: () => new Promise<void>((resolve) => (release = resolve)) });
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toEqual([2]);
    for (let page = 0; page < 4; page++) {
      release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await done;
    expect(reads).toEqual([2, 2, 2, 1]);
  });
});

/** The parameters' parsing is shared with the history: src/shared/domain/audit-query.spec.ts. */
describe('the feed and export parameters', () => {
  it('compares from inclusively and to exclusively', () => {
    const at = event('x', 'T', {}, '2026-03-01T10:00:00.000Z');
    const instant = parseInstant('2026-03-01T10:00:00Z')!;
    expect(passes({ from: instant }, at)).toBe(true);
    expect(passes({ to: instant }, at)).toBe(false);
    expect(passes({ to: instant + 1 }, at)).toBe(true);
    expect(passes({ types: new Set(['T']) }, at)).toBe(true);
    expect(passes({ types: new Set(['U']) }, at)).toBe(false);
  });

  it('round-trips cursors and refuses foreign ones', () => {
    for (const position of [0, 1, 123_456_789_012]) expect(decodeCursor(encodeCursor(position))).toBe(position);
    const forged = (text: string) => Buffer.from(text).toString('base64url');
    for (const bad of ['', 'nope!', '12', forged('after:-1'), forged('after:01'), forged('after:1e3'), forged('before:5'), forged('after:99999999999999999')]) {
      expect([bad, decodeCursor(bad)]).toEqual([bad, undefined]);
    }
  });
});
