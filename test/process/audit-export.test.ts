import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CloudEvent } from 'cloudevents';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { exportedEventHash } from '../../src/modules/audit/application/audit-cloud-event';
import { RecordedEvent } from '../../src/shared/application/event-store.port';
import { eventHash } from '../../src/shared/domain/audit-chain';
import { splitSecrets } from '../../src/shared/domain/secret-fields';
import { api, aSignupForm, aTenantWithLink, freshDataDir, OPERATOR_TOKEN, startService, stop, waitUntilLive } from './service-process';

jest.setTimeout(120_000);

/** `npm run audit:export`, as an auditor runs it with the service's environment. */
function runExport(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(__dirname, '../../dist/cli/audit-export.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const linesOf = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));

describe('npm run audit:export (built service, SQLite store)', () => {
  let dataDir: string;
  let stored: RecordedEvent[];
  let first: { mspId: string; tenantId: string };
  let second: { mspId: string; tenantId: string };

  beforeAll(async () => {
    dataDir = freshDataDir();
    const service = startService({ DATA_DIR: dataDir, OPERATOR_TOKEN, SEED_DEMO: 'false' });
    try {
      await waitUntilLive(service);
      const a = await aTenantWithLink(service);
      const b = await aTenantWithLink(service);
      const joined = await api(service, 'POST', `/api/v1/invite-links/${a.token}/signups`, aSignupForm(`joiner-${Date.now()}@example.org`, 'J0iner-Passw0rd!'));
      expect(joined.status).toBe(201);
      expect((await api(service, 'POST', `/api/v1/tenants/${a.tenantId}/invite-link/regenerate`, undefined, a.adminToken)).status).toBe(200);
      const mspOf = async (tenantId: string, adminToken: string) => {
        const me = await api(service, 'GET', '/api/v1/me', undefined, adminToken);
        return { mspId: me.body.msp.mspId as string, tenantId };
      };
      first = await mspOf(a.tenantId, a.adminToken);
      second = await mspOf(b.tenantId, b.adminToken);
    } finally {
      await stop(service);
    }
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite3'));
    stored = await store.readAll();
    await store.close();
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes every event, in global order, one CloudEvent per line, each checkable against its hash', async () => {
    const out = join(dataDir, 'export.ndjson');
    const run = await runExport(dataDir, ['--out', out]);
    expect([run.code, run.stdout]).toEqual([0, '']);
    expect(run.stderr).toContain(`Exported ${stored.length} of ${stored.length} events`);
    expect(existsSync(`${out}.partial`)).toBe(false);
    const text = readFileSync(out, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = linesOf(text);
    expect(lines.map((line) => line.id)).toEqual(stored.map((event) => event.id));
    expect(lines.map((line) => line.sequence)).toEqual(stored.map((event) => String(event.position)));
    for (const line of lines) {
      expect(JSON.parse(JSON.stringify(new CloudEvent({ ...line }, true)))).toEqual(line);
      const exported = exportedEventHash(line as never);
      if (exported.stored) expect(eventHash(exported.content, exported.stored.prev)).toBe(exported.stored.hash);
    }
    // Every event of the chain carries its hashes, and each line was checked above.
    expect(lines.filter((line) => line.eventhash === undefined)).toEqual([]);
    expect(new Set(lines.map((line) => line.source))).toEqual(
      new Set([
        '/platform',
        `/msps/${first.mspId}`,
        `/msps/${first.mspId}/tenants/${first.tenantId}`,
        `/msps/${second.mspId}`,
        `/msps/${second.mspId}/tenants/${second.tenantId}`,
      ]),
    );
  });

  it('exports no secret: no token hash or ciphertext, no password hash', async () => {
    const strings = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
    const secrets = stored.flatMap((event) => strings(splitSecrets(event.data).secrets ?? {}));
    expect(secrets.some((secret) => secret.startsWith('$argon2id$'))).toBe(true);
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const run = await runExport(dataDir, []);
    expect(run.code).toBe(0);
    expect(secrets.filter((secret) => run.stdout.includes(secret))).toEqual([]);
    expect(run.stdout).not.toMatch(/"(token|passwordHash)"/);
  });

  it('writes to stdout when there is no --out: only the lines there, the summary on stderr', async () => {
    const run = await runExport(dataDir, []);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean).every((line) => line.startsWith('{"specversion":"1.0",'))).toBe(true);
    expect(linesOf(run.stdout)).toHaveLength(stored.length);
    expect(run.stderr).toMatch(/Exported \d+ of \d+ events .* to stdout\./);
  });

  it('keeps one MSP, one tenant, or a time window', async () => {
    const msp = linesOf((await runExport(dataDir, ['--msp', first.mspId])).stdout);
    const expectedMsp = stored.filter(
      (event) => event.streamName === `msp-${first.mspId}` || event.streamName === `mspDomainClaims-${first.mspId}` || event.streamName === `tenant-${first.tenantId}`,
    );
    expect(msp.map((line) => line.id)).toEqual(expectedMsp.map((event) => event.id));
    expect(msp.every((line) => String(line.source).startsWith(`/msps/${first.mspId}`))).toBe(true);

    const tenant = linesOf((await runExport(dataDir, ['--tenant', second.tenantId])).stdout);
    expect(tenant.map((line) => line.id)).toEqual(stored.filter((event) => event.streamName === `tenant-${second.tenantId}`).map((event) => event.id));
    expect(linesOf((await runExport(dataDir, ['--msp', first.mspId, '--tenant', second.tenantId])).stdout)).toEqual([]);

    const middle = stored[Math.floor(stored.length / 2)].metadata.at;
    const millis = Date.parse(middle);
    const from = linesOf((await runExport(dataDir, ['--from', middle])).stdout);
    expect(from.map((line) => line.id)).toEqual(stored.filter((event) => Date.parse(event.metadata.at) >= millis).map((event) => event.id));
    const to = linesOf((await runExport(dataDir, ['--to', middle])).stdout);
    expect(to.map((line) => line.id)).toEqual(stored.filter((event) => Date.parse(event.metadata.at) < millis).map((event) => event.id));
  });

  it.each([
    [['--msp', 'not-a-uuid'], '--msp'],
    [['--tenant', '42'], '--tenant'],
    [['--from', 'yesterday'], '--from'],
    [['--to', '2026-02-30'], '--to'],
    [['--from', '2026-03-02', '--to', '2026-03-01'], '--to must be later than --from'],
    [['--from', '2026-03-01', '--to', '2026-03-01T00:00:00.000Z'], '--to must be later than --from'],
    [['--bogus'], '--bogus'],
    [['--out'], '--out'],
    [['stray'], 'stray'],
  ])('exits 2 on bad arguments %j, naming %s', async (args, name) => {
    const run = await runExport(dataDir, args);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain(name);
    expect(run.stderr).toContain('usage: npm run audit:export');
  });

  it('streams a long log to a file page by page without piling up listeners (no MaxListenersExceededWarning)', async () => {
    const longDir = freshDataDir();
    try {
      const store = new SqliteEventStore(join(longDir, 'events.sqlite3'));
      const metadata = { actor: { type: 'system' as const }, at: '2026-03-01T09:00:00.000Z', correlationId: 'bulk', schemaVersion: 1 };
      // 15 pages of 1,000 lines: each page fills the file's buffer, so each waits for 'drain'.
      for (let stream = 0; stream < 150; stream++) {
        const events = Array.from({ length: 100 }, (_, i) => ({ id: randomUUID(), type: 'MspCreated', data: { mspId: `m-${stream}-${i}`, name: `Bulk ${i}` }, metadata }));
        await store.appendToStream(`msp-bulk-${stream}`, events, { expectedRevision: 'no_stream' });
      }
      await store.close();

      const out = join(longDir, 'all.ndjson');
      const run = await runExport(longDir, ['--out', out]);

      expect(run.code).toBe(0);
      expect(run.stderr).not.toContain('MaxListenersExceededWarning');
      expect(readFileSync(out, 'utf8').split('\n').filter(Boolean)).toHaveLength(15_000);
    } finally {
      rmSync(longDir, { recursive: true, force: true });
    }
  });

  it('exits 1 without touching anything when DATA_DIR holds no event store', async () => {
    const empty = freshDataDir();
    try {
      const run = await runExport(empty, ['--out', join(empty, 'x.ndjson')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('no event store');
      expect(existsSync(join(empty, 'x.ndjson'))).toBe(false);
      expect(existsSync(join(empty, 'events.sqlite3'))).toBe(false);
      // It reads no secret and writes none: an auditor's wrong DATA_DIR stays as it was.
      expect(existsSync(join(empty, 'secrets.json'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
