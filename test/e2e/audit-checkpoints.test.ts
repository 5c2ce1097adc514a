import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recomputedHash } from '../../src/modules/audit/application/checkpoints/audit-checkpointer';
import { checkpointCheck, isCheckpointEvent } from '../../src/modules/audit/application/checkpoints/checkpoint-check';
import { CheckpointData, checkpointSignedBy, keyIdOf } from '../../src/modules/audit/domain/audit-checkpoint';
import { RecordedEvent } from '../../src/shared/application/event-store.port';
import { GENESIS_DIGEST, nextLogDigest } from '../../src/shared/domain/audit-chain';
import { anMspWithTenant, useTestApp } from '../support/fixtures';

/**
 * The running service checkpoints its log on its own: a little after each burst of events,
 * signed with AUDIT_SIGNING_KEY (a file outside DATA_DIR), and every event is covered.
 */
const keys = generateKeyPairSync('ed25519');
const keyDir = mkdtempSync(join(tmpdir(), 'audit-key-'));
const keyFile = join(keyDir, 'audit-signing.pem');
writeFileSync(keyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function verified(events: readonly RecordedEvent[]) {
  const check = checkpointCheck({ verifyKey: keys.publicKey });
  let digest = GENESIS_DIGEST;
  for (const event of events) {
    const hash = recomputedHash(event);
    digest = nextLogDigest(digest, event.position, hash);
    const alteration = check.onEvent({ ...event, hash, stored: event.metadata.integrity, digest });
    if (alteration) return { alteration };
  }
  return { alteration: check.onEnd({ count: events.length, position: events.at(-1)?.position, digest }), notes: check.notes() };
}

describe('audit checkpoints of the running service', () => {
  const t = useTestApp({ env: { AUDIT_CHECKPOINTS: 'on', AUDIT_CHECKPOINT_INTERVAL_MS: '50', AUDIT_SIGNING_KEY: keyFile } });

  it('appends signed checkpoints that cover every event, in global order', async () => {
    await anMspWithTenant(t);
    const events = await eventually(async () => {
      const all = await t.readAllEvents();
      const last = all.filter(isCheckpointEvent).at(-1);
      const newest = all.filter((event) => !isCheckpointEvent(event)).at(-1);
      return last && newest && (last.data as unknown as CheckpointData).upToPosition >= newest.position ? all : undefined;
    });
    const checkpoints = events.filter(isCheckpointEvent);
    for (const checkpoint of checkpoints) {
      const data = checkpoint.data as unknown as CheckpointData;
      expect(data.keyId).toBe(keyIdOf(keys.publicKey));
      expect(checkpointSignedBy(data, keys.publicKey)).toBe(true);
      expect(checkpoint.metadata.actor).toEqual({ type: 'system' });
    }
    const covered = checkpoints.flatMap((checkpoint) => (checkpoint.data as unknown as CheckpointData).entries.map(([position]) => position));
    const upTo = (checkpoints.at(-1)!.data as unknown as CheckpointData).upToPosition;
    expect(covered).toEqual(events.filter((event) => event.position <= upTo).map((event) => event.position));
    const { alteration, notes } = verified(events);
    expect(alteration).toBeUndefined();
    expect(notes?.[0]).toMatch(new RegExp(`^checkpoints: ${checkpoints.length} verified, up to position ${upTo}, each signed by AUDIT_VERIFY_KEY`));
  });
});
