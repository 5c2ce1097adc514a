import { generateKeyPairSync } from 'node:crypto';
import { GENESIS_DIGEST, nextLogDigest } from '../../../shared/domain/audit-chain';
import { given } from '../../../shared/domain/testing/given-when-then';
import {
  AuditCheckpointRecorded,
  CheckpointData,
  CheckpointEntry,
  checkpointDataProblem,
  checkpointSignedBy,
  checkpointSigningPayload,
  entriesDigestOf,
  keyIdOf,
  signCheckpoint,
} from './audit-checkpoint';
import { auditCheckpointDecider, RecordCheckpoint } from './audit-checkpoint.decider';

const hash = (n: number): string => n.toString(16).padStart(64, '0');

/** A well-formed checkpoint of the given positions, after `afterPosition`, with its digest folded from `from`. */
function aCheckpoint(afterPosition: number | null, positions: number[], from = GENESIS_DIGEST): CheckpointData {
  const entries: CheckpointEntry[] = positions.map((position) => [position, hash(position)]);
  return {
    afterPosition,
    upToPosition: positions[positions.length - 1],
    count: entries.length,
    entries,
    digest: entries.reduce((digest, [position, h]) => nextLogDigest(digest, position, h), from),
  };
}

const record = (checkpoint: CheckpointData): RecordCheckpoint => ({ type: 'RecordCheckpoint', checkpoint });
const recorded = (checkpoint: CheckpointData): AuditCheckpointRecorded => ({ type: 'AuditCheckpointRecorded', data: checkpoint });

describe('audit checkpoint decider', () => {
  it('records the first checkpoint, which covers the log from its start', () => {
    const first = aCheckpoint(null, [1, 2, 3]);
    const state = given(auditCheckpointDecider).when(record(first)).then([recorded(first)]);
    expect(state).toEqual({ upToPosition: 3, digest: first.digest, checkpoints: 1 });
  });

  it('records a checkpoint that continues the last one', () => {
    const first = aCheckpoint(null, [1, 2, 3]);
    const second = aCheckpoint(3, [4, 7], first.digest);
    const state = given(auditCheckpointDecider, recorded(first)).when(record(second)).then([recorded(second)]);
    expect(state).toEqual({ upToPosition: 7, digest: second.digest, checkpoints: 2 });
  });

  it('records nothing for a range another instance covered already (the loser of a race)', () => {
    const first = aCheckpoint(null, [1, 2, 3]);
    given(auditCheckpointDecider, recorded(first)).when(record(aCheckpoint(null, [1, 2, 3]))).then([]);
    given(auditCheckpointDecider, recorded(first)).when(record(aCheckpoint(null, [1, 2]))).then([]);
  });

  it('refuses a checkpoint that would overlap or leave a gap after the last one: the proposer re-reads and continues after it', () => {
    const first = aCheckpoint(null, [1, 2, 3]);
    given(auditCheckpointDecider, recorded(first))
      .when(record(aCheckpoint(null, [1, 2, 3, 4])))
      .thenThrows('conflict', 'checkpoint_out_of_sequence');
    given(auditCheckpointDecider, recorded(first)).when(record(aCheckpoint(2, [3, 4]))).thenThrows('conflict', 'checkpoint_out_of_sequence');
    given(auditCheckpointDecider, recorded(first)).when(record(aCheckpoint(4, [5]))).thenThrows('conflict', 'checkpoint_out_of_sequence');
    given(auditCheckpointDecider).when(record(aCheckpoint(3, [4]))).thenThrows('conflict', 'checkpoint_out_of_sequence');
  });

  it('refuses a malformed checkpoint', () => {
    const good = aCheckpoint(null, [1, 2, 3]);
    const bad: Record<string, CheckpointData> = {
      empty: { ...good, entries: [], count: 0 },
      'wrong count': { ...good, count: 2 },
      'unordered entries': { ...good, entries: [good.entries[1], good.entries[0], good.entries[2]] },
      'upToPosition is not the last entry': { ...good, upToPosition: 4 },
      'entry at or before afterPosition': { ...aCheckpoint(2, [2, 3]) },
      'short digest': { ...good, digest: 'abc' },
    };
    for (const checkpoint of Object.values(bad)) {
      given(auditCheckpointDecider).when(record(checkpoint)).thenThrows('validation', 'checkpoint_malformed');
    }
  });
});

describe('checkpoint signatures (Ed25519)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const checkpoint = aCheckpoint(null, [1, 2, 3]);

  it('signs the canonical payload, names the key, and verifies with the public key only', () => {
    const signed = signCheckpoint(checkpoint, privateKey);
    expect(signed.keyId).toBe(keyIdOf(publicKey));
    expect(signed.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(checkpointDataProblem(signed)).toBeUndefined();
    expect(checkpointSignedBy(signed, publicKey)).toBe(true);
    expect(JSON.parse(checkpointSigningPayload(checkpoint).toString('utf8'))).toEqual({
      purpose: 'AuditCheckpointRecorded',
      version: 1,
      afterPosition: null,
      upToPosition: 3,
      count: 3,
      entriesDigest: entriesDigestOf(checkpoint.entries),
      digest: checkpoint.digest,
    });
  });

  it('a changed field, an unsigned checkpoint or another key fails verification', () => {
    const signed = signCheckpoint(checkpoint, privateKey);
    expect(checkpointSignedBy({ ...signed, digest: hash(9) }, publicKey)).toBe(false);
    expect(checkpointSignedBy({ ...signed, entries: [[1, hash(1)], [2, hash(5)], [3, hash(3)]] }, publicKey)).toBe(false);
    expect(checkpointSignedBy(checkpoint, publicKey)).toBe(false);
    expect(checkpointSignedBy(signed, other.publicKey)).toBe(false);
    // The other key's signature, labelled with this key's id, is refused too.
    expect(checkpointSignedBy({ ...signCheckpoint(checkpoint, other.privateKey), keyId: keyIdOf(publicKey) }, publicKey)).toBe(false);
    expect(checkpointSignedBy({ ...signed, signature: 'not base64 at all!' }, publicKey)).toBe(false);
  });
});
