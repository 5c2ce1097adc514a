import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import addressparser from 'nodemailer/lib/addressparser';
import { AuditConfig, auditKeys } from './audit-config';
import { ensurePrivateDirectory, exposedDirectoryWarning, PRIVATE_FILE_MODE } from './private-files';
import { ServiceRun } from '../shared/domain/service-run';

/** DI token for the typed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly publicBaseUrl: string;
  readonly dataDir: string;
  readonly eventStoreUrl?: string;
  readonly readModelUrl?: string;
  /**
   * READ_MODEL_GRACE_SECONDS: how long the read-model generation a rebuild replaced is kept
   * before it is dropped (read-model-storage.ts), for readers that still have it open.
   */
  readonly readModelGraceSeconds: number;
  /** Unset = the operator API is closed (every operator call answers 401). */
  readonly operatorToken?: string;
  readonly sessionSecret: string;
  readonly tokenSecret: string;
  readonly seedDemo: boolean;
  readonly logLevel: string;
  readonly sessionTtlSeconds: number;
  readonly production: boolean;
  /** Microsoft sign-in (docs/http-api.md, "Microsoft sign-in"); undefined when MICROSOFT_CLIENT_ID is unset: no button, routes answer 404. */
  readonly microsoft?: MicrosoftConfig;
  /**
   * This instance's identity: INSTANCE_ID, or `<hostname>:<PORT>`. Stable across restarts of the
   * same instance; main.ts claims it with a lock in DATA_DIR so that no two live processes hold it.
   */
  readonly instance: { readonly id: string; readonly explicit: boolean };
  /**
   * Set by main.ts once this process holds its instance identity exclusively: registrations it
   * opens record this run, and the next run of the instance decides those left open at once.
   * Unset (tests that build the app in-process, or no identity could be claimed): every open
   * registration waits for the grace period, as before.
   */
  readonly serviceRun?: ServiceRun;
  /**
   * The proxies whose `X-Forwarded-For` is believed (Express's `trust proxy`): addresses, CIDR
   * ranges or `loopback`/`linklocal`/`uniquelocal`; false = none, the socket's address is the
   * client. Rate limits count by the client address this yields.
   */
  readonly trustProxy: readonly string[] | false;
  /** Audit checkpoints and their Ed25519 keys (AUDIT_* variables; audit-config.ts). */
  readonly audit: AuditConfig;
  /**
   * PRODUCT_NAME: what the pages call the product, in the site header and every page title
   * (the join page names the organization instead). Never the internal name "Invite links".
   */
  readonly productName: string;
  /** Outgoing mail (SMTP_URL, MAIL_FROM); undefined when SMTP_URL is unset: mails stay queued. */
  readonly mail?: MailConfig;
  /** EMAIL_VERIFICATION_TTL_MINUTES: how long a verification link works (default 60). */
  readonly emailVerificationTtlMinutes: number;
  /** Things that work but should be fixed (weak secrets); logged at start. */
  readonly warnings: readonly string[];
}

export interface MicrosoftConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  /** e.g. https://login.microsoftonline.com/organizations/v2.0 (no trailing slash). */
  readonly authority: string;
  /** A plain-http authority: the local identity provider of the tests, never production. */
  readonly allowInsecureAuthority: boolean;
}

export interface MailConfig {
  /**
   * `smtp://[user:password@]host[:port]` (STARTTLS when the server offers it) or `smtps://…`
   * (TLS from the first byte). May hold credentials: never log it or put it in a message.
   */
  readonly smtpUrl: string;
  /** The From of every mail: one address, e.g. `"Contoso" <no-reply@contoso.com>`. */
  readonly from: string;
}

export const DEFAULT_MICROSOFT_AUTHORITY = 'https://login.microsoftonline.com/organizations/v2.0';

/** A configuration problem: the message is one line that names the variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_PRODUCT_NAME = 'Account invitations';
/** Long enough for a brand, short enough for the header at 375 px and a browser tab. */
export const PRODUCT_NAME_MAX_LENGTH = 60;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const MIN_SECRET_LENGTH = 16;

type Env = Record<string, string | undefined>;

/**
 * A duration in milliseconds from the environment, for the settings that jobs read themselves
 * (the recovery job, the mail outbox): digits only, at least `min`; unset or empty = `fallback`.
 */
export function millisecondsFromEnv(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    throw new ConfigError(name, `must be a number of milliseconds${min > 0 ? ` of at least ${min}` : ''} (got "${raw}")`);
  }
  return Number(raw);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false (got "${env[name]}")`);
}

function url(env: Env, name: string, fallback: string | undefined, schemes: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    // The value itself is not echoed: connection strings may hold credentials.
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!schemes.includes(parsed.protocol.replace(/:$/, ''))) {
    throw new ConfigError(name, `must start with ${schemes.map((s) => `${s}://`).join(' or ')} (got "${parsed.protocol}//")`);
  }
  return raw;
}

/**
 * Secrets may be given; when they are not, the embedded profile generates them once and keeps
 * them in DATA_DIR (mode 0600), so that `npm start` works on a fresh machine and links survive
 * restarts. Production (NODE_ENV=production) must set them explicitly.
 */
function secret(env: Env, name: string, dataDir: string, production: boolean, warnings: string[]): string {
  const raw = env[name];
  if (raw !== undefined && raw !== '') {
    warnIfWeak(name, raw, warnings);
    return raw;
  }
  if (production) throw new ConfigError(name, 'is required when NODE_ENV=production');
  const file = join(dataDir, 'secrets.json');
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!stored[name]) {
    stored[name] = randomBytes(32).toString('base64url');
    ensurePrivateDirectory(dataDir);
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: PRIVATE_FILE_MODE });
    chmodSync(file, PRIVATE_FILE_MODE);
  }
  return stored[name];
}

function warnIfWeak(name: string, value: string, warnings: string[]): void {
  if (value.length < MIN_SECRET_LENGTH) {
    warnings.push(`${name} is shorter than ${MIN_SECRET_LENGTH} characters: use a long random value in production`);
  }
}

function microsoft(env: Env, production: boolean): MicrosoftConfig | undefined {
  const clientId = env.MICROSOFT_CLIENT_ID?.trim();
  const allowInsecureAuthority = boolean(env, 'MICROSOFT_ALLOW_INSECURE_AUTHORITY', false);
  if (allowInsecureAuthority && production) {
    throw new ConfigError('MICROSOFT_ALLOW_INSECURE_AUTHORITY', 'is a test-only switch and is refused when NODE_ENV=production');
  }
  if (!clientId) return undefined;
  const clientSecret = env.MICROSOFT_CLIENT_SECRET;
  if (!clientSecret) throw new ConfigError('MICROSOFT_CLIENT_SECRET', 'is required when MICROSOFT_CLIENT_ID is set');
  const schemes = allowInsecureAuthority ? ['https', 'http'] : ['https'];
  const authority = url(env, 'MICROSOFT_AUTHORITY', DEFAULT_MICROSOFT_AUTHORITY, schemes)!.replace(/\/+$/, '');
  return { clientId, clientSecret, authority, allowInsecureAuthority };
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

/**
 * TRUST_PROXY: who may tell us the client's address. The default, `loopback`, fits a proxy on the
 * same host; behind a proxy on another host (a container network) every client would otherwise
 * look like the proxy and share its rate limits. `none` when clients connect directly.
 */
function trustProxy(env: Env): readonly string[] | false {
  const raw = env.TRUST_PROXY?.trim();
  if (raw === undefined || raw === '') return ['loopback'];
  if (['none', 'false'].includes(raw.toLowerCase())) return false;
  const entries = raw.split(/[\s,]+/).filter(Boolean);
  const bad = entries.filter((entry) => !PROXY_NAMES.includes(entry) && !isAddressOrRange(entry));
  if (bad.length > 0) {
    throw new ConfigError(
      'TRUST_PROXY',
      `must be none, or addresses, CIDR ranges or ${PROXY_NAMES.join('/')} separated by commas (not valid: ${bad.map((entry) => `"${entry}"`).join(', ')})`,
    );
  }
  return entries;
}

/**
 * Shown in every page: surrounding spaces are dropped, and a name that is blank, too long or holds
 * control characters (a stray newline from a .env file) stops the start instead of breaking a page.
 */
function productName(env: Env): string {
  const raw = env.PRODUCT_NAME;
  if (raw === undefined) return DEFAULT_PRODUCT_NAME;
  const name = raw.trim();
  if (!name) throw new ConfigError('PRODUCT_NAME', `must not be empty (leave it unset for the default, "${DEFAULT_PRODUCT_NAME}")`);
  if ([...name].length > PRODUCT_NAME_MAX_LENGTH) {
    throw new ConfigError('PRODUCT_NAME', `must be at most ${PRODUCT_NAME_MAX_LENGTH} characters (got ${[...name].length})`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) throw new ConfigError('PRODUCT_NAME', 'must not contain control characters');
  return name;
}

/** A quoted-string display name (RFC 5322): backslashes and double quotes escaped. */
function quoted(name: string): string {
  return `"${name.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

/**
 * MAIL_FROM must be one mailbox: a list or a group would put several senders in From, and a
 * control character could start a header of its own. The default names the product and the host
 * people already see in their links, so the mail is recognisably from the same service.
 */
function mailFrom(env: Env, productName: string, publicBaseUrl: string): string {
  const raw = env.MAIL_FROM?.trim();
  if (raw === undefined || raw === '') return `${quoted(productName)} <no-reply@${new URL(publicBaseUrl).hostname}>`;
  const example = 'such as "Contoso" <no-reply@contoso.com> or no-reply@contoso.com';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new ConfigError('MAIL_FROM', `must be one address on one line, ${example}`);
  const parsed = addressparser(raw);
  const mailbox = parsed.length === 1 && parsed[0].group === undefined ? parsed[0].address : undefined;
  if (!mailbox || !/^[^\s@]+@[^\s@]+$/.test(mailbox)) {
    throw new ConfigError('MAIL_FROM', `must be one address, ${example} (got "${raw}")`);
  }
  return raw;
}

/**
 * SMTP_URL turns mail on. Only SMTP is spoken; the URL is checked here so that a typo stops the
 * start instead of every mail failing later. Never echoed: it may hold the server's password.
 */
function mail(env: Env, productName: string, publicBaseUrl: string, warnings: string[]): MailConfig | undefined {
  const from = mailFrom(env, productName, publicBaseUrl);
  const smtpUrl = url(env, 'SMTP_URL', undefined, ['smtp', 'smtps']);
  if (smtpUrl === undefined) {
    if (env.MAIL_FROM?.trim()) warnings.push('MAIL_FROM is set but SMTP_URL is not: no mail is sent until SMTP_URL names a mail server');
    return undefined;
  }
  if (!new URL(smtpUrl).hostname) throw new ConfigError('SMTP_URL', 'must name the mail server, such as smtp://mail.example.com:587');
  return { smtpUrl, from };
}

/** Letters, digits and `.`, `_`, `:`, `#`, `-`; at most 100 characters (it names a lock file). */
const INSTANCE_ID = /^[A-Za-z0-9][A-Za-z0-9._:#-]{0,99}$/;

function instance(env: Env, port: number): AppConfig['instance'] {
  const raw = env.INSTANCE_ID?.trim();
  if (raw) {
    if (!INSTANCE_ID.test(raw)) {
      throw new ConfigError('INSTANCE_ID', `must be 1 to 100 letters, digits, '.', '_', ':', '#' or '-', starting with a letter or digit (got "${raw}")`);
    }
    return { id: raw, explicit: true };
  }
  // Stable across restarts, and different between two instances running at once: no two live
  // processes on one host listen on the same port. PORT=0 gives `<hostname>:0` for every such
  // process; main.ts then numbers the ones that start while another holds it (`#2`, `#3`, ...).
  const host = hostname().replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 90) || 'host';
  return { id: `${host}:${port}`, explicit: false };
}

/**
 * Checkpoints are on by default: they pin every event to its global position (and anchor a store
 * written before the audit chain). AUDIT_CHECKPOINTS=off is for tests that count events.
 */
function audit(env: Env, dataDir: string, warnings: string[]): AuditConfig {
  const checkpoints = boolean(env, 'AUDIT_CHECKPOINTS', true);
  return {
    checkpoints,
    checkpointEvery: integer(env, 'AUDIT_CHECKPOINT_EVERY', 1000, 1, 10_000),
    checkpointIntervalMs: integer(env, 'AUDIT_CHECKPOINT_INTERVAL_MS', 1000, 10, 3_600_000),
    ...auditKeys(env, dataDir, checkpoints, (variable, problem) => new ConfigError(variable, problem), warnings),
  };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const dataDir = resolve(env.DATA_DIR?.trim() || './data');
  const publicBaseUrl = url(env, 'PUBLIC_BASE_URL', `http://localhost:${port}`, ['http', 'https'])!.replace(/\/+$/, '');
  const eventStoreUrl = url(env, 'EVENT_STORE_URL', undefined, [
    'kurrentdb',
    'esdb',
    'kurrentdb+discover',
    'esdb+discover',
  ]);
  const readModelUrl = url(env, 'READ_MODEL_URL', undefined, ['mongodb', 'mongodb+srv']);
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  const operatorToken = env.OPERATOR_TOKEN === '' ? undefined : env.OPERATOR_TOKEN;
  const warnings: string[] = [];
  if (operatorToken !== undefined) warnIfWeak('OPERATOR_TOKEN', operatorToken, warnings);
  // Not tightened by us: see ensurePrivateDirectory. A missing one is created 0700 when first used.
  const exposed = exposedDirectoryWarning('DATA_DIR', dataDir);
  if (exposed) warnings.push(exposed);
  const product = productName(env);
  return {
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    publicBaseUrl,
    dataDir,
    eventStoreUrl,
    readModelUrl,
    readModelGraceSeconds: integer(env, 'READ_MODEL_GRACE_SECONDS', 3600, 0, 30 * 24 * 3600),
    operatorToken,
    sessionSecret: secret(env, 'SESSION_SECRET', dataDir, production, warnings),
    tokenSecret: secret(env, 'TOKEN_SECRET', dataDir, production, warnings),
    seedDemo: boolean(env, 'SEED_DEMO', true),
    logLevel,
    sessionTtlSeconds: integer(env, 'SESSION_TTL_SECONDS', 8 * 3600, 60, 30 * 24 * 3600),
    production,
    microsoft: microsoft(env, production),
    instance: instance(env, port),
    trustProxy: trustProxy(env),
    audit: audit(env, dataDir, warnings),
    productName: product,
    mail: mail(env, product, publicBaseUrl, warnings),
    emailVerificationTtlMinutes: integer(env, 'EMAIL_VERIFICATION_TTL_MINUTES', 60, 1, 7 * 24 * 60),
    warnings,
  };
}

/**
 * For entry points (the service, the CLI): the configuration, or null after printing the one
 * line that names the bad variable to stderr.
 */
export function loadConfigOrExplain(env: Env = process.env): AppConfig | null {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return null;
  }
}
