import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import { DomainEvent } from '../../../shared/domain/event';

/**
 * Checkpoints of the audit chain's head. The per-stream chains (shared/domain/audit-chain.ts) see
 * any change inside a stream, but not two events of different streams swapped in global order, a
 * stream's last events deleted, or a whole stream deleted. A checkpoint lists the (position, hash)
 * of every event of the log since the previous checkpoint, in global order, earlier checkpoints
 * included, and the running log digest after the last of them. So a later deletion, insertion or
 * swap is pinned to its exact position, and, once checkpoints are signed with a key kept outside
 * the database, a rewrite of everything they cover needs that key.
 */
export const AUDIT_CHECKPOINT_STREAM = 'audit-checkpoints';
export const AUDIT_CHECKPOINT_RECORDED = 'AuditCheckpointRecorded';

/** [global position, event hash] of one covered event. */
export type CheckpointEntry = readonly [number, string];

export interface CheckpointData {
  /** The previous checkpoint's upToPosition; null for the first checkpoint of the log. */
  readonly afterPosition: number | null;
  /** Position of the last covered event. */
  readonly upToPosition: number;
  /** Number of covered events (= entries.length). */
  readonly count: number;
  /** Every event of (afterPosition, upToPosition], in global order. */
  readonly entries: readonly CheckpointEntry[];
  /** The running log digest after upToPosition (nextLogDigest). */
  readonly digest: string;
  /** base64 Ed25519 signature of checkpointSigningPayload(this), when the service had AUDIT_SIGNING_KEY. */
  readonly signature?: string;
  /** keyIdOf(the signing key's public key). */
  readonly keyId?: string;
}

export type AuditCheckpointRecorded = DomainEvent<typeof AUDIT_CHECKPOINT_RECORDED, CheckpointData>;

const HEX_64 = /^[0-9a-f]{64}$/;

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

const canonical = (value: unknown): string => {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('Cannot canonicalize an undefined value');
  return text;
};

/** sha256 (hex) of the RFC 8785 canonical JSON of the entries array. */
export function entriesDigestOf(entries: readonly CheckpointEntry[]): string {
  return sha256Hex(canonical(entries));
}

/**
 * What a checkpoint's signature covers: the UTF-8 bytes of the RFC 8785 canonical JSON of
 *   {"purpose":"AuditCheckpointRecorded","version":1,"afterPosition":…,"upToPosition":…,
 *    "count":…,"entriesDigest":…,"digest":…}
 * where entriesDigest = entriesDigestOf(entries). `purpose` keeps a signature made for anything
 * else with the same key from passing as a checkpoint's.
 */
export function checkpointSigningPayload(data: Omit<CheckpointData, 'signature' | 'keyId'>): Buffer {
  return Buffer.from(
    canonical({
      purpose: AUDIT_CHECKPOINT_RECORDED,
      version: 1,
      afterPosition: data.afterPosition,
      upToPosition: data.upToPosition,
      count: data.count,
      entriesDigest: entriesDigestOf(data.entries),
      digest: data.digest,
    }),
    'utf8',
  );
}

/** sha256 (hex) of the public key's DER SubjectPublicKeyInfo: `openssl pkey -pubin -outform DER | sha256sum`. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' }));
}

/** The checkpoint with its Ed25519 signature and key id (Ed25519 signatures are deterministic). */
export function signCheckpoint(data: Omit<CheckpointData, 'signature' | 'keyId'>, privateKey: KeyObject): CheckpointData {
  const signature = sign(null, checkpointSigningPayload(data), privateKey).toString('base64');
  return { ...data, signature, keyId: keyIdOf(privateKey) };
}

/** True when the checkpoint carries a valid signature by this public key. */
export function checkpointSignedBy(data: CheckpointData, publicKey: KeyObject): boolean {
  if (typeof data.signature !== 'string' || data.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, checkpointSigningPayload(data), publicKey, Buffer.from(data.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Why a checkpoint's payload is not well formed, or undefined when it is. The verifier reads
 * checkpoints from a database it does not trust, so it checks every field before using one.
 */
export function checkpointDataProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return 'its payload is not an object';
  const { afterPosition, upToPosition, count, entries, digest, signature, keyId } = data as Record<string, unknown>;
  const isPosition = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  if (afterPosition !== null && !isPosition(afterPosition)) return 'afterPosition is not a position or null';
  if (!isPosition(upToPosition)) return 'upToPosition is not a position';
  if (typeof digest !== 'string' || !HEX_64.test(digest)) return 'digest is not a sha256 hex digest';
  if (!Array.isArray(entries) || entries.length === 0) return 'entries is not a non-empty list';
  if (count !== entries.length) return `count (${String(count)}) is not the number of entries (${entries.length})`;
  let previous = afterPosition ?? -1;
  for (const entry of entries as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2 || !isPosition(entry[0]) || typeof entry[1] !== 'string' || !HEX_64.test(entry[1])) {
      return 'an entry is not [position, hash]';
    }
    if (entry[0] <= previous) return `entries are not in increasing order after position ${previous}`;
    previous = entry[0];
  }
  if (previous !== upToPosition) return `the last entry (${previous}) is not upToPosition (${upToPosition})`;
  if (signature !== undefined && typeof signature !== 'string') return 'signature is not a string';
  if (keyId !== undefined && (typeof keyId !== 'string' || !HEX_64.test(keyId))) return 'keyId is not a sha256 hex digest';
  return undefined;
}
