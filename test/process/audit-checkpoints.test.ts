import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointData, checkpointSignedBy, keyIdOf } from '../../src/modules/audit/domain/audit-checkpoint';
import { api, freshDataDir, OPERATOR_TOKEN, startService, stop, waitUntilLive } from './service-process';

jest.setTimeout(60_000);

/** The built service's checkpointer: its signing key must live outside DATA_DIR, and a graceful stop checkpoints the last events. */
const keys = generateKeyPairSync('ed25519');
const pem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const keyDir = mkdtempSync(join(tmpdir(), 'audit-key-'));
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

describe('audit checkpoints (process)', () => {
  it('refuses to start with AUDIT_SIGNING_KEY inside DATA_DIR, with one line naming the variable', async () => {
    const dataDir = freshDataDir();
    writeFileSync(join(dataDir, 'audit.pem'), pem, { mode: 0o600 });
    const service = startService({ DATA_DIR: dataDir, OPERATOR_TOKEN, SEED_DEMO: 'false', AUDIT_SIGNING_KEY: join(dataDir, 'audit.pem') });
    const { code } = await service.exited;
    expect(code).toBe(1);
    expect(service.stderr()).toMatch(/^Invalid configuration: AUDIT_SIGNING_KEY must be kept outside DATA_DIR \(.+\)/m);
  });

  it('on SIGTERM, appends a signed checkpoint covering every event the last requests wrote', async () => {
    const dataDir = freshDataDir();
    const keyFile = join(keyDir, 'audit.pem');
    writeFileSync(keyFile, pem, { mode: 0o600 });
    const service = startService({
      DATA_DIR: dataDir,
      OPERATOR_TOKEN,
      SEED_DEMO: 'false',
      AUDIT_SIGNING_KEY: keyFile,
      // No checkpoint on the timer while it runs: only the one at shutdown.
      AUDIT_CHECKPOINT_INTERVAL_MS: '3600000',
    });
    await waitUntilLive(service);
    expect((await api(service, 'POST', '/api/v1/msps', { name: 'Checkpointed MSP' })).status).toBe(201);
    expect(await stop(service)).toEqual({ code: 0, signal: null });

    const db = new Database(join(dataDir, 'events.sqlite3'), { readonly: true });
    const rows = db.prepare<[], { position: number; stream_name: string; data: string }>('SELECT position, stream_name, data FROM events ORDER BY position').all();
    db.close();
    const checkpoints = rows.filter((row) => row.stream_name === 'audit-checkpoints');
    expect(checkpoints).toHaveLength(1);
    const data = JSON.parse(checkpoints[0].data) as CheckpointData;
    const others = rows.filter((row) => row.stream_name !== 'audit-checkpoints').map((row) => row.position);
    expect(data.entries.map(([position]) => position)).toEqual(others);
    expect(data.keyId).toBe(keyIdOf(keys.publicKey));
    expect(checkpointSignedBy(data, keys.publicKey)).toBe(true);
  });
});
