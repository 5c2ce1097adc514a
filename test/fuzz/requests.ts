import fc from 'fast-check';
import {
  controlOrFormat,
  deeplyNested,
  forwardedFor,
  hostileJsonValue,
  hostilePathValue,
  hostileQuery,
  hostileString,
  JsonObject,
  loneSurrogate,
  PathValue,
  percentEncode,
  rawGarbage,
  toJson,
} from './hostile';

/** Who sends a request: enough kinds of caller for the fuzz to get past the auth guard everywhere. */
export type FuzzCaller = 'manager' | 'operator' | 'anonymous';

/** Stands for the CSRF token of the fuzz's browser in a body; replaced when the request is sent. */
export const CSRF_PLACEHOLDER = '__FUZZ_CSRF_TOKEN__';

export interface FuzzBody {
  readonly contentType?: string;
  readonly text: string;
  /** Raw bytes appended to the text (invalid UTF-8 inside a JSON string, say). */
  readonly tail?: readonly number[];
}

/** One request of the fuzz, symbolic where the running app decides the value. */
export interface FuzzCase {
  readonly caller: FuzzCaller;
  readonly path: Readonly<Record<string, PathValue>>;
  readonly query: string | null;
  readonly body: FuzzBody | null;
  readonly forwardedFor: string;
  /** Whether the request carries the fuzz browser's cookies (csrf, and session for the manager). */
  readonly cookies: boolean;
}

/** The part of an OpenAPI schema the fuzz reads. */
export interface Schema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly example?: unknown;
  readonly items?: Schema;
  readonly oneOf?: readonly Schema[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly $ref?: string;
}

/** Meets every password rule (R13) and is on no common-password list. */
export const FUZZ_PASSWORD = 'Quartz-Lantern-47!fuzz';
/** An account the fuzz creates with FUZZ_PASSWORD: sign-ins succeed, signups with it meet R11. */
export const KNOWN_EMAIL = 'fuzz.known@example.org';

/** A valid value for a field, so that a body with one hostile field gets past all the others. */
function validField(name: string, schema: Schema): fc.Arbitrary<unknown> {
  if (/email/i.test(name)) {
    return fc.oneof({ weight: 4, arbitrary: fc.nat().map((n) => `fuzz.${n}@example.org`) }, { weight: 1, arbitrary: fc.constant(KNOWN_EMAIL) });
  }
  if (/password/i.test(name)) return fc.constant(FUZZ_PASSWORD);
  if (name === 'acceptTerms') return fc.constant(true);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if (schema.type === 'array' && schema.items?.enum?.length) return fc.subarray([...schema.items.enum], { minLength: 1 });
  if (schema.example !== undefined) return fc.constant(schema.example);
  if (schema.oneOf?.length) return validField(name, schema.oneOf[0]);
  switch (schema.type) {
    case 'boolean':
      return fc.boolean();
    case 'number':
    case 'integer':
      return fc.constant(1);
    case 'array':
      return fc.constant([]);
    case 'object':
      return fc.constant({});
    default:
      return fc.nat(9_999).map((n) => `Fuzz ${n}`);
  }
}

type Entries = [string, unknown][];
type Mutation = (entries: Entries) => Entries;

function mutation(names: readonly string[]): fc.Arbitrary<Mutation> {
  const field = names.length ? fc.constantFrom(...names) : fc.constant('name');
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(field, hostileJsonValue).map(([name, value]): Mutation => (entries) => replace(entries, name, value)) },
    { weight: 3, arbitrary: fc.tuple(field, hostileString).map(([name, value]): Mutation => (entries) => replace(entries, name, value)) },
    { weight: 1, arbitrary: field.map((name): Mutation => (entries) => entries.filter(([key]) => key !== name)) },
    { weight: 1, arbitrary: field.map((name): Mutation => (entries) => entries.map(([key, value]) => [key, key === name ? [value] : value])) },
    {
      weight: 1,
      arbitrary: field.map((name): Mutation => (entries) => entries.map(([key, value]) => [key, key === name ? new JsonObject([['value', value]]) : value])),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'permissions', 'mspId', 'tenantId', 'userId', 'roleId'), hostileString), hostileJsonValue)
        .map(([key, value]): Mutation => (entries) => [...entries, [key, value]]),
    },
    // The likeliest attack: a value that passes every shape check but carries one bad character.
    {
      weight: 5,
      arbitrary: fc
        .tuple(field, fc.nat(), fc.oneof(loneSurrogate, controlOrFormat, fc.constantFrom(' ', '\u3000', '\u00a0', '%', '"', '<')))
        .map(([name, at, salt]): Mutation => (entries) =>
          entries.map(([key, value]) => {
            if (key !== name || typeof value !== 'string') return [key, value];
            const position = at % (value.length + 1);
            return [key, value.slice(0, position) + salt + value.slice(position)];
          }),
        ),
    },
    // A duplicate key: JSON.parse keeps the last one, other parsers the first.
    { weight: 1, arbitrary: fc.tuple(field, hostileJsonValue).map(([name, value]): Mutation => (entries) => [...entries, [name, value]]) },
  );
}

const replace = (entries: Entries, name: string, value: unknown): Entries =>
  entries.some(([key]) => key === name) ? entries.map(([key, old]) => [key, key === name ? value : old]) : [...entries, [name, value]];

/** A body shaped like the schema, valid or with a few hostile changes. */
function shaped(schema: Schema, extra: Entries): fc.Arbitrary<{ entries: Entries; valid: boolean }> {
  const properties = Object.entries(schema.properties ?? {});
  const names = properties.map(([name]) => name);
  const valid = fc.tuple(...properties.map(([name, property]) => validField(name, property).map((value): [string, unknown] => [name, value])));
  const mutations = fc.oneof(
    { weight: 3, arbitrary: fc.constant([]) },
    { weight: 5, arbitrary: fc.array(mutation(names), { minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.array(mutation(names), { minLength: 2, maxLength: 3 }) },
  );
  return fc.tuple(valid, mutations).map(([entries, mutations]) => ({
    entries: mutations.reduce((current, change) => change(current), [...extra, ...(entries as Entries)]),
    valid: mutations.length === 0,
  }));
}

const JSON_TYPE = 'application/json';
const contentTypes = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'application/xml',
  '*/*',
  'application/json, text/plain',
);

/** Bodies for a JSON route with this schema (none when the route takes no body). */
export function jsonBody(schema: Schema | null, csrf: boolean): fc.Arbitrary<FuzzBody | null> {
  const extra: Entries = csrf ? [['_csrf', CSRF_PLACEHOLDER]] : [];
  const shape = schema ?? { type: 'object', properties: {} };
  const asJson = (text: string): FuzzBody => ({ contentType: JSON_TYPE, text });
  const fieldNames = Object.keys(shape.properties ?? {});
  if (!fieldNames.length) fieldNames.push('name');
  return fc.oneof(
    { weight: 10, arbitrary: shaped(shape, extra).map(({ entries }) => asJson(toJson(new JsonObject(entries)))) },
    { weight: 1, arbitrary: shaped(shape, extra).map(({ entries }) => asJson(toJson([new JsonObject(entries)]))) },
    { weight: 2, arbitrary: hostileJsonValue.map((value) => asJson(toJson(value))) },
    { weight: 1, arbitrary: deeplyNested.map(asJson) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('{', '}', '{"a":1,}', "{'a':1}", 'nul', '\u0000', '\ufeff{}', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"__proto__":{"isAdmin":true}}',
          '{"constructor":{"prototype":{"isAdmin":true}}}', '[]', '[[[]]]', '0', '-0', '"x"', 'true', 'null', '1e999', '', ' ', '{"a":01}', '{"a":NaN}')
        .map(asJson),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(shaped(shape, extra), contentTypes).map(([{ entries }, contentType]) => ({ contentType, text: toJson(new JsonObject(entries)) })),
    },
    // Invalid UTF-8 inside a JSON string.
    {
      weight: 1,
      arbitrary: fc
          .tuple(fc.constantFrom(...fieldNames), fc.uint8Array({ minLength: 1, maxLength: 6 }))
        .map(([name, bytes]) => ({ contentType: JSON_TYPE, text: `{"${name}":"`, tail: [...bytes, 0x22, 0x7d] })),
    },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

/** Bodies for an HTML form route (urlencoded, the way a browser posts), with its fields. */
export function formBody(fields: readonly string[]): fc.Arbitrary<FuzzBody | null> {
  const names = fields.length ? fields : ['email'];
  const valid = fc.tuple(
    ...fields.map((field) => validField(field, {}).map((value): [string, string] => [field, percentEncode(String(value))])),
  );
  const hostileValue = fc.oneof({ weight: 4, arbitrary: hostileString.map(percentEncode) }, { weight: 1, arbitrary: rawGarbage });
  type Pairs = [string, string][];
  const change: fc.Arbitrary<(pairs: Pairs) => Pairs> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(fc.constantFrom(...names), hostileValue).map(([name, value]) => (pairs: Pairs): Pairs =>
        pairs.some(([key]) => key === name) ? pairs.map(([key, old]) => [key, key === name ? value : old]) : [...pairs, [name, value]],
      ),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constantFrom(...names), fc.nat(), fc.oneof(loneSurrogate, controlOrFormat)).map(([name, at, salt]) => (pairs: Pairs): Pairs =>
        pairs.map(([key, value]) => {
          if (key !== name) return [key, value];
          // Between two encoded characters, never inside a %XX escape.
          const units = value.match(/%[0-9A-Fa-f]{2}|[\s\S]/g) ?? [];
          const position = at % (units.length + 1);
          return [key, [...units.slice(0, position), percentEncode(salt), ...units.slice(position)].join('')];
        }),
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom(...names).map((name) => (pairs: Pairs): Pairs => pairs.filter(([key]) => key !== name)) },
    // Repeated and bracketed keys: the parser's arrays and objects instead of one string.
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...names), hostileValue).map(([name, value]) => (pairs: Pairs): Pairs => [...pairs, [name, value]]) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'email[]', 'email[a]', '_csrf', '_csrf[]', ''), hostileString.map(percentEncode)), hostileValue)
        .map(([name, value]) => (pairs: Pairs): Pairs => [...pairs, [name, value]]),
    },
  );
  const changes = fc.oneof(
    { weight: 3, arbitrary: fc.constant([]) },
    { weight: 5, arbitrary: fc.array(change, { minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.array(change, { minLength: 2, maxLength: 3 }) },
  );
  const csrf = fc.oneof(
    { weight: 8, arbitrary: fc.constant(`_csrf=${CSRF_PLACEHOLDER}`) },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.oneof(hostileString.map(percentEncode), rawGarbage).map((text) => `_csrf=${text}`) },
  );
  const form = 'application/x-www-form-urlencoded';
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.tuple(csrf, valid, changes).map(([token, pairs, applied]) => ({
        contentType: form,
        text: [token, ...applied.reduce((current, apply) => apply(current), pairs as Pairs).map(([key, value]) => `${key}=${value}`)]
          .filter(Boolean)
          .join('&'),
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(`${'a=1&'.repeat(40)}_csrf=${CSRF_PLACEHOLDER}`, `_csrf=${CSRF_PLACEHOLDER}&x=${'y'.repeat(40_000)}`, '&&&==', '%', '\u0000')
        .map((text) => ({ contentType: form, text })),
    },
    { weight: 2, arbitrary: jsonBody({ type: 'object', properties: Object.fromEntries(fields.map((field) => [field, { type: 'string' }])) }, true) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

/** Every request the fuzz may send to one route. */
export function fuzzCase(options: {
  readonly pathParameters: readonly string[];
  readonly queryParameters: readonly string[];
  readonly body: fc.Arbitrary<FuzzBody | null>;
}): fc.Arbitrary<FuzzCase> {
  return fc.record({
    caller: fc.oneof(
      { weight: 2, arbitrary: fc.constant<FuzzCaller>('manager') },
      { weight: 2, arbitrary: fc.constant<FuzzCaller>('operator') },
      { weight: 1, arbitrary: fc.constant<FuzzCaller>('anonymous') },
    ),
    path: fc.tuple(...options.pathParameters.map(() => hostilePathValue)).map((values) =>
      Object.fromEntries(options.pathParameters.map((name, index) => [name, values[index]])),
    ),
    query: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileQuery(options.queryParameters) }),
    body: options.body,
    forwardedFor,
    cookies: fc.boolean(),
  });
}
