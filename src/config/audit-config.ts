import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';

/** Audit checkpoints (modules/audit/application/checkpoints) and their keys. */
export interface AuditConfig {
  /** AUDIT_CHECKPOINTS (default on): the service appends checkpoints of the chain head. */
  readonly checkpoints: boolean;
  /** AUDIT_CHECKPOINT_EVERY (default 1000): most events one checkpoint covers. */
  readonly checkpointEvery: number;
  /** AUDIT_CHECKPOINT_INTERVAL_MS (default 1000): a checkpoint follows new events after this much quiet. */
  readonly checkpointIntervalMs: number;
  /** AUDIT_SIGNING_KEY: the Ed25519 private key that signs checkpoints; unset = unsigned checkpoints. */
  readonly signingKey?: KeyObject;
  /** AUDIT_VERIFY_KEY: the Ed25519 public key `audit:verify` checks every checkpoint's signature with. */
  readonly verifyKey?: KeyObject;
}

type Env = Record<string, string | undefined>;
type Problem = (variable: string, problem: string) => Error;

/** Resolves symbolic links of the longest existing prefix, so a link into DATA_DIR is seen as inside. */
function realPath(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : resolve(realPath(parent), basename(absolute));
}

function isInside(path: string, directory: string): boolean {
  const fromDirectory = relative(realPath(directory), realPath(path));
  return fromDirectory === '' || (!fromDirectory.startsWith('..') && !isAbsolute(fromDirectory));
}

/** A PEM given in the variable itself, or the path of a file that holds it. */
function pemOf(env: Env, name: string, problem: Problem): { pem: string; file?: string } | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (raw.startsWith('-----BEGIN')) return { pem: raw.replace(/\\n/g, '\n') };
  const file = resolve(raw);
  try {
    return { pem: readFileSync(file, 'utf8'), file };
  } catch {
    throw problem(name, `must be an Ed25519 key in PEM form or the path of a file holding one (cannot read ${file})`);
  }
}

function ed25519(key: () => KeyObject, name: string, kind: string, problem: Problem): KeyObject {
  let parsed: KeyObject;
  try {
    parsed = key();
  } catch {
    throw problem(name, `is not a PEM ${kind} key`);
  }
  if (parsed.asymmetricKeyType !== 'ed25519') {
    throw problem(name, `must be an Ed25519 ${kind} key (got ${parsed.asymmetricKeyType ?? 'an unknown'} key)`);
  }
  return parsed;
}

/**
 * The signing key must live outside DATA_DIR: whoever can write the database could otherwise read
 * the key too and sign a rewritten log. A key given inline in the environment is outside it.
 */
function signingKey(env: Env, dataDir: string, problem: Problem): KeyObject | undefined {
  const source = pemOf(env, 'AUDIT_SIGNING_KEY', problem);
  if (!source) return undefined;
  if (source.file && isInside(source.file, dataDir)) {
    throw problem(
      'AUDIT_SIGNING_KEY',
      `must be kept outside DATA_DIR (${dataDir}): whoever can change the database must not be able to read the key that signs its checkpoints`,
    );
  }
  return ed25519(() => createPrivateKey(source.pem), 'AUDIT_SIGNING_KEY', 'private', problem);
}

function verifyKey(env: Env, problem: Problem): KeyObject | undefined {
  const source = pemOf(env, 'AUDIT_VERIFY_KEY', problem);
  if (!source) return undefined;
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(source.pem)) {
    throw problem('AUDIT_VERIFY_KEY', 'must be the public key (the private key stays with the service that signs)');
  }
  return ed25519(() => createPublicKey(source.pem), 'AUDIT_VERIFY_KEY', 'public', problem);
}

/** AUDIT_SIGNING_KEY and AUDIT_VERIFY_KEY, checked; `problem` builds the configuration error to throw. */
export function auditKeys(
  env: Env,
  dataDir: string,
  checkpoints: boolean,
  problem: Problem,
  warnings: string[],
): Pick<AuditConfig, 'signingKey' | 'verifyKey'> {
  const signing = signingKey(env, dataDir, problem);
  if (signing && !checkpoints) warnings.push('AUDIT_SIGNING_KEY is set but AUDIT_CHECKPOINTS is off: no checkpoint will be signed');
  const verify = verifyKey(env, problem);
  return { ...(signing ? { signingKey: signing } : {}), ...(verify ? { verifyKey: verify } : {}) };
}
