import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore, EventToAppend } from '../../src/shared/application/event-store.port';

/**
 * The event catalogue's JSON Schemas (docs/events/) as a validator for the tests: every event the
 * test suite writes through the real app is checked against the schema of its type and version,
 * and its metadata against the envelope. The schemas are the published contract; this file only
 * loads them, so a schema that does not describe what the service writes fails the suite.
 */

export const EVENT_SCHEMAS_DIR = join(__dirname, '..', '..', 'docs', 'events');
export const ENVELOPE_SCHEMA_FILE = 'envelope.v1.schema.json';
const PAYLOAD_SCHEMA_FILE = /^([A-Z][A-Za-z]+)\.v([1-9][0-9]*)\.schema\.json$/;

export interface PayloadSchemaFile {
  readonly type: string;
  readonly version: number;
  readonly file: string;
}

/** Every payload schema under docs/events/, by the `<Type>.v<N>.schema.json` naming rule. */
export function payloadSchemaFiles(): PayloadSchemaFile[] {
  return readdirSync(EVENT_SCHEMAS_DIR)
    .map((file) => ({ file, match: PAYLOAD_SCHEMA_FILE.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => ({ type: match[1], version: Number(match[2]), file }))
    .sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version);
}

export function readSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EVENT_SCHEMAS_DIR, file), 'utf8')) as Record<string, unknown>;
}

/**
 * JSON Schema's `idn-email` (RFC 6531) as the service stores addresses (shared/domain/email.ts):
 * a local part of at most 64 characters, which may hold non-ASCII letters but no `@`, no
 * whitespace and no control character, and a domain already in punycode. ajv-formats knows only
 * the ASCII `email`, which would refuse addresses the service accepts.
 */
const IDN_EMAIL = /^[^@\s\p{Cc}]{1,64}@[a-z0-9-]+(\.[a-z0-9-]+)+$/u;

interface Validators {
  readonly envelope: ValidateFunction;
  readonly payloads: ReadonlyMap<string, { readonly validate: ValidateFunction; readonly stream: RegExp }>;
}

let validators: Validators | undefined;

/** `tenant-<tenantId>` → /^tenant-.+$/: the stream template a schema states in `x-stream`. */
function streamPattern(template: string): RegExp {
  const escaped = template
    .split(/<[^>]+>/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${escaped}$`);
}

function load(): Validators {
  if (validators) return validators;
  // strict: an unknown or misspelt keyword in a schema is an error, not a silent no-op (a
  // conditional `required` naming a field declared at the top is fine, and so is a union type).
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('idn-email', IDN_EMAIL);
  // The stream an event type is appended to: documentation for auditors, checked here.
  ajv.addKeyword({ keyword: 'x-stream', schemaType: 'string' });
  const payloads = new Map<string, { validate: ValidateFunction; stream: RegExp }>();
  for (const { type, version, file } of payloadSchemaFiles()) {
    const schema = readSchema(file);
    payloads.set(`${type}@${version}`, { validate: ajv.compile(schema), stream: streamPattern(String(schema['x-stream'])) });
  }
  validators = { envelope: ajv.compile(readSchema(ENVELOPE_SCHEMA_FILE)), payloads };
  return validators;
}

/** `/token/hash` → `data.token.hash`. */
const fieldPath = (root: string, instancePath: string): string =>
  root +
  instancePath
    .split('/')
    .slice(1)
    .map((segment) => (/^[0-9]+$/.test(segment) ? `[${segment}]` : `.${segment.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('');

function readable(root: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  const lines = (errors ?? []).map((error) => {
    const at = fieldPath(root, error.instancePath);
    switch (error.keyword) {
      case 'required':
        return `${at}.${String(error.params.missingProperty)}: is required`;
      case 'additionalProperties':
        return `${at}.${String(error.params.additionalProperty)}: is not a field of this event`;
      case 'enum':
        return `${at}: must be one of ${JSON.stringify(error.params.allowedValues)}`;
      case 'const':
        return `${at}: must be ${JSON.stringify(error.params.allowedValue)}`;
      case 'false schema':
        return `${at}: must not be present`;
      case 'if':
        return null;
      default:
        return `${at}: ${error.message ?? error.keyword}`;
    }
  });
  return [...new Set(lines.filter((line): line is string => line !== null))];
}

/**
 * Checks one event against its type's payload schema of `schemaVersion` and the envelope (and,
 * when given, its stream against the stream the catalogue names). Returns readable problems,
 * each naming the field (`data.token.hash: is required`); an empty list means valid. Values are
 * checked as the store keeps them: after a JSON round trip.
 */
export function validateEvent(
  type: string,
  schemaVersion: number,
  data: unknown,
  metadata: unknown,
  streamName?: string,
): string[] {
  const { envelope, payloads } = load();
  const payload = payloads.get(`${type}@${schemaVersion}`);
  const problems: string[] = [];
  if (!payload) {
    problems.push(`type: no schema docs/events/${type}.v${schemaVersion}.schema.json for ${type} version ${schemaVersion}`);
  } else {
    if (!payload.validate(JSON.parse(JSON.stringify(data ?? null)))) problems.push(...readable('data', payload.validate.errors));
    if (streamName !== undefined && !payload.stream.test(streamName)) {
      problems.push(`stream: ${streamName} is not the stream of ${type} (${payload.stream.source})`);
    }
  }
  if (!envelope(JSON.parse(JSON.stringify(metadata ?? null)))) problems.push(...readable('metadata', envelope.errors));
  const recorded = (metadata as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (recorded !== undefined && recorded !== schemaVersion) {
    problems.push(`metadata.schemaVersion: is ${JSON.stringify(recorded)}, but the payload was checked as version ${schemaVersion}`);
  }
  return problems;
}

/**
 * An event as appended or stored, checked against the version its metadata records. An event
 * without `schemaVersion` is refused, unless `acceptUnversioned` (a scan of a store, which may
 * hold events written before versions were recorded): it is then read as version 1, as the
 * service reads it, and its payload must still match version 1.
 */
export function validateStoredEvent(
  event: { readonly type: string; readonly data: unknown; readonly metadata: unknown; readonly streamName?: string },
  options: { readonly acceptUnversioned?: boolean } = {},
): string[] {
  const metadata = (event.metadata ?? {}) as Record<string, unknown>;
  const recorded = metadata.schemaVersion;
  const version = typeof recorded === 'number' ? recorded : 1;
  const checked = recorded === undefined && options.acceptUnversioned ? { ...metadata, schemaVersion: 1 } : metadata;
  return validateEvent(event.type, version, event.data, checked, event.streamName);
}

export const describeViolation = (event: { readonly type: string; readonly id?: string; readonly streamName?: string }, problems: readonly string[]): string =>
  `${event.type}${event.id ? ` ${event.id}` : ''}${event.streamName ? ` in ${event.streamName}` : ''} does not match docs/events: ${problems.join('; ')}`;

/** Thrown by a guarded store's append: the request that wrote the event fails loudly (a 500). */
export class EventSchemaViolation extends Error {
  constructor(readonly violations: readonly string[]) {
    super(`Event schema violation:\n${violations.join('\n')}`);
    this.name = 'EventSchemaViolation';
  }
}

/**
 * Makes the app's event store refuse every event that does not match its schema: the append
 * throws (the request answers 500) and the violations are reported to `onViolations`, which keeps
 * them so that a test whose request swallowed the error still fails when its file checks them.
 * Patches the instance the app already holds, so every module's appends go through the check.
 */
export function guardEventAppends(store: EventStore, onViolations: (violations: string[]) => void): void {
  const append = store.appendToStream.bind(store);
  store.appendToStream = (streamName, events: readonly EventToAppend[], options) => {
    const found = events.flatMap((event) => {
      const problems = validateStoredEvent({ ...event, streamName });
      return problems.length > 0 ? [describeViolation({ ...event, streamName }, problems)] : [];
    });
    if (found.length > 0) {
      onViolations(found);
      return Promise.reject(new EventSchemaViolation(found));
    }
    return append(streamName, events, options);
  };
}

/** Every event in the store that does not match its schema (also those appended before a guard). */
export async function storeViolations(store: EventStore): Promise<string[]> {
  const events = await store.readAll();
  return events.flatMap((event) => {
    const problems = validateStoredEvent(event, { acceptUnversioned: true });
    return problems.length > 0 ? [describeViolation(event, problems)] : [];
  });
}
