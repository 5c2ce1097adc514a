import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Params } from 'nestjs-pino';
import { stdSerializers } from 'pino-http';
import { AppConfig } from '../../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);
export const REDACTED = '[redacted]';

/**
 * Invite tokens and email verification codes travel in URL paths (`/join/<token>`,
 * `/verify-email/<code>`); logs show a readable placeholder where the route is known, whatever
 * the secret's shape (a mistyped code is still most of a code).
 */
export function redactTokens(url: string): string {
  return url
    .replace(/(\/api\/v1\/invite-links\/)[^/?#]+/g, '$1[token]')
    .replace(/(\/join\/)[^/?#]+/g, '$1[token]')
    .replace(/(\/verify-email\/)[^/?#]+/g, '$1[code]');
}

/**
 * Query or fragment parameters whose value is a secret whatever its shape: OAuth/OIDC (Entra's
 * callback sends `code`, `state`, `session_state`, `client_info`; the authorization URL carries
 * `state`, `nonce`, `code_challenge`), plus the usual names for tokens and passwords.
 */
const SECRET_PARAMETER =
  /([?&#;]|&amp;)(code|state|nonce|code_challenge|code_verifier|session_state|client_info|id_token|access_token|refresh_token|token|client_secret|client_assertion|assertion|password|secret|_csrf|csrf|sig|signature)=([^&#\s"'<>]*)/gi;

/** A JWT (session tokens, ID tokens): base64url of `{"` starts with `eyJ`. */
const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

/** Runs of the base64url alphabet, which every secret this service issues or relays is written in. */
const RUN = /[A-Za-z0-9_-]+/g;

/** Only runs this long can be token-shaped: the cheap look at every line searches for these. */
const LONG_RUN = /[A-Za-z0-9_-]{20,}/g;
const EXACT_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Names operators need, never secrets: UUIDs (tenant, user, event and request ids) and read-model
 * generation names (`YYYYMMDD-HHMMSS-xxxxxx`, see newGenerationName), which `npm run rebuild` and
 * the running service log when they switch.
 */
const UUID =
  /(?<![A-Za-z0-9])(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{8}-\d{6}-[0-9a-f]{6})(?![A-Za-z0-9])/gi;

/**
 * Token-shaped: at least 20 base64url characters (~120 bits) mixing digits and letters, or at
 * least 32 mixing upper and lower case. A random 43-character token (invite tokens, Microsoft
 * flow ids, state, nonce, PKCE values, authorization codes, generated secrets) is one with
 * certainty; words, CamelCase class names up to 31 characters and CONSTANT_NAMES are not.
 */
export function isTokenShaped(piece: string): boolean {
  if (piece.length < 20) return false;
  const lower = /[a-z]/.test(piece);
  const upper = /[A-Z]/.test(piece);
  if (/[0-9]/.test(piece) && (lower || upper)) return true;
  return piece.length >= 32 && lower && upper;
}

/** Judges the parts of a run around the UUIDs it contains (`tenant-<uuid>` keeps its id). */
function redactRun(run: string): string {
  if (run.length < 20) return run;
  let out = '';
  let last = 0;
  for (const match of run.matchAll(UUID)) {
    const before = run.slice(last, match.index);
    out += isTokenShaped(before) ? REDACTED : before;
    out += match[0];
    last = match.index + match[0].length;
  }
  const rest = run.slice(last);
  return out + (isTokenShaped(rest) ? REDACTED : rest);
}

/**
 * Removes anything secret from a text bound for the log: known secret parameters, JWTs and
 * token-shaped runs anywhere (paths, queries, fragments, headers, error messages and stacks).
 */
export function redactSecrets(text: string): string {
  return redactTokens(text)
    .replace(SECRET_PARAMETER, (_all, separator: string, name: string) => `${separator}${name}=${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(RUN, redactRun);
}

/** A cheap look at a raw line: false only when redactSecrets would change none of its strings. */
function mayHoldSecrets(line: string): boolean {
  SECRET_PARAMETER.lastIndex = 0;
  if (SECRET_PARAMETER.test(line)) return true;
  if (/\/join\/|\/verify-email\/|\/api\/v1\/invite-links\//.test(line)) return true;
  // On the raw JSON text a run can only be longer than in the decoded string (an escape such as
  // `\n` joins it), so this never misses a token-shaped run; UUIDs alone do not count.
  for (const [run] of line.matchAll(LONG_RUN)) {
    if (run.length === 36 && EXACT_UUID.test(run)) continue;
    if (redactRun(run) !== run) return true;
  }
  return false;
}

/** Values kept as they are: ids chosen to trace a request, and the machine's name. */
const KEPT = new Set(['hostname', 'req.id', 'reqId', 'res.headers.x-request-id']);

function redactValue(value: unknown, path: string): unknown {
  if (typeof value === 'string') return KEPT.has(path) ? value : redactSecrets(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, path));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactValue(item, path ? `${path}.${key}` : key);
    return out;
  }
  return value;
}

/**
 * The last step before a log line is written (pino's `streamWrite` hook): every string of the
 * line, whichever logger, serializer or error produced it, goes through redactSecrets. One place,
 * so that a new log call or a new error message cannot bring a token back.
 */
export function redactLogLine(line: string): string {
  if (!mayHoldSecrets(line)) return line;
  const newline = line.endsWith('\n') ? '\n' : '';
  try {
    return JSON.stringify(redactValue(JSON.parse(line), '')) + newline;
  } catch {
    // Not JSON (never expected from pino): redact the text as it is.
    return redactSecrets(line);
  }
}

/** Structured JSON logs (pino) with one request id per request and no secrets. */
export function loggingParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (request: IncomingMessage, response: ServerResponse) => {
        const incoming = request.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.passwordConfirmation',
          '*.passwordHash',
          '*.accessToken',
          '*.token',
        ],
        censor: REDACTED,
      },
      hooks: { streamWrite: redactLogLine },
      // The request's four fields are read from the request itself. Wrapped (pino-http's default),
      // the standard serializer first built its full copy for every request, headers and the
      // parsed query included (Express parses it on first read), only for this one to keep four.
      wrapSerializers: false,
      serializers: {
        req: (request: IncomingMessage & { id?: unknown; originalUrl?: string }) => ({
          id: request.id,
          method: request.method,
          url: redactTokens(request.originalUrl || (request.url ?? '')),
          remoteAddress: request.socket?.remoteAddress,
        }),
        res: stdSerializers.res,
        err: stdSerializers.err,
      },
      // On the root logger (pino's own pid and hostname, plus the service's name), not per
      // request: pino-http's `customProps` built another child logger for every request, and
      // checked it again when the answer finished, about 40 µs of the event loop each time.
      base: { pid: process.pid, hostname: hostname(), service: 'invite-links' },
      // Probes and scrapes every few seconds would drown the useful lines.
      autoLogging: { ignore: (request: IncomingMessage) => QUIET_PATHS.has(request.url ?? '') },
    },
  };
}
