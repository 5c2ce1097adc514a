import fc from 'fast-check';

/**
 * Hostile input for the fuzz tier, as fast-check arbitraries. Values stay symbolic where the
 * running app decides them (which tenant, which token, which CSRF token), so that a seed replays
 * the same requests against a fresh app.
 */

// ---- strings --------------------------------------------------------------------------------

const repeat = (text: string, times: number) => text.repeat(times);

/** Strings that broke, or could break, a parser, a validator, a normalizer or a template. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '   ',
  '\u0000',
  'x\u0000@acme.com',
  '\ud800',
  '\ud800@a.com',
  'a\udfffb@example.org',
  '\udc00\ud800',
  '\u202e',
  'evil\u202egpj.exe@example.org',
  '\u2066isolate\u2069',
  '\u200b',
  '\ufeff',
  '\u00ad',
  '\r\n',
  'a\nb',
  '\t\v\f',
  '\u0085',
  '\u2028\u2029',
  '\u001b[31mred',
  '%00',
  '%',
  '%zz',
  '%u0041',
  '../../etc/passwd',
  '..\\..\\windows',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1' --",
  '"; DROP TABLE events; --',
  '${7*7}',
  '{{7*7}}',
  '%s%s%s%n',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'true',
  'false',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  '0x10',
  ' 42 ',
  'Ｅｍａｉｌ@ｅｘａｍｐｌｅ.ｏｒｇ',
  'e\u0301\u0301\u0301',
  'İstanbul',
  'straße',
  '🙂',
  '\u{10FFFF}',
  'Z̷̢̛̖̗a̸̡̰̦l̶̛̗g̵̨̛o̵̢̡',
  '@',
  'a@b',
  'A@EXAMPLE.ORG',
  'a@xn--80ak6aa92e.com',
  'a@пример.рф',
  'a@[127.0.0.1]',
  '"a b"@example.org',
  'a+tag@example.org',
  ' spaced@example.org ',
  'user@example.org\u0000',
  `${repeat('a', 64)}@${repeat('b', 63)}.${repeat('c', 63)}.org`,
  `user@${repeat('a', 300)}.com`,
  'https://idp.example.net/metadata',
  'javascript:alert(1)',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
  'member',
  'tenant_admin',
  'manage_user_roles',
  'saml',
  'acme.com, acme.co.uk',
  'acme.com\n\n,,,',
  '72f988bf-86f1-41af-91ab-2d7cd011db47',
  '00000000-0000-0000-0000-000000000000',
];

export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
export const controlOrFormat = fc.constantFrom(
  '\u0000', '\u0001', '\u0007', '\u0008', '\u001f', '\u007f', '\u0085', '\u00a0', '\u061c', '\u200b', '\u200d', '\u200e',
  '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u2028', '\ufeff',
  '\ufffe', '\uffff',
);
const mixedUnit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: controlOrFormat },
);

/** A string with a hostile character somewhere inside otherwise plausible text. */
const salted = fc
  .tuple(fc.constantFrom('Ada', 'ops@example.org', 'acme.com', 'Help Desk', 'member'), fc.nat(20), fc.oneof(loneSurrogate, controlOrFormat))
  .map(([text, at, salt]) => text.slice(0, at % (text.length + 1)) + salt + text.slice(at % (text.length + 1)));

const huge = fc.constantFrom(257, 1_025, 10_000, 60_000, 99_000, 150_000).chain((length) =>
  fc.constantFrom('A', 'é', '\u202e', '\ud800', '🙂', '%', '0').map((unit) => unit.repeat(Math.ceil(length / unit.length))),
);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: mixedUnit, maxLength: 40 }) },
  { weight: 2, arbitrary: salted },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: huge },
);

// ---- JSON values ----------------------------------------------------------------------------

/** A JSON object kept as a list of entries, so that duplicate keys and `__proto__` survive. */
export class JsonObject {
  constructor(readonly entries: readonly (readonly [string, unknown])[]) {}
}

/** JSON text of a value in which objects may be JsonObjects (duplicate keys, `__proto__`). */
export function toJson(value: unknown): string {
  if (value instanceof JsonObject) {
    return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`).join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value).replace('Infinity', '1e999');
  if (value === undefined) return 'null';
  return JSON.stringify(value);
}

const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'toString', 'valueOf', 'isAdmin', 'roles'];

const hostileNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 1e308, -1e308, 5e-324, 2 ** 53 + 1, 2 ** 31, -(2 ** 31) - 1, 0.5, 1e21, Infinity),
  fc.integer(),
  fc.double({ noNaN: true }),
);

const pollutingObject = fc
  .tuple(fc.constantFrom(...POLLUTING_KEYS), fc.constantFrom(...POLLUTING_KEYS))
  .map(([outer, inner]) => new JsonObject([[outer, new JsonObject([[inner, true], ['polluted', 'yes']])]]));

/** Nesting deep enough for recursive code (class-transformer, validators) to run out of stack. */
export const deeplyNested = fc
  .tuple(fc.constantFrom(64, 512, 3_000, 10_000), fc.constantFrom('object', 'array', 'mixed'))
  .map(([depth, shape]) => {
    const open = shape === 'object' ? '{"a":' : shape === 'array' ? '[' : '{"a":[';
    const close = shape === 'object' ? '}' : shape === 'array' ? ']' : ']}';
    return `${open.repeat(depth)}1${close.repeat(depth)}`;
  });

export const hostileJsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3, withCrossShrink: true },
    { weight: 5, arbitrary: hostileString },
    { weight: 2, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
    { weight: 1, arbitrary: pollutingObject },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.tuple(fc.oneof(fc.constantFrom(...POLLUTING_KEYS), hostileString), tie('value')), { maxLength: 4 })
        .map((entries) => new JsonObject(entries)),
    },
  ),
})).value;

// ---- query strings --------------------------------------------------------------------------

/** Percent-encodes the UTF-8 of a string; lone surrogates become the (invalid) bytes of their code unit. */
export function percentEncode(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(index, index + 2));
      index += 1;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      // CESU-style bytes of a lone surrogate: not valid UTF-8.
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    } else {
      out += encodeURIComponent(text[index]);
    }
  }
  return out;
}

/** Raw path or query text that is not valid UTF-8 or not valid percent-encoding at all. */
export const rawGarbage = fc.oneof(
  fc.constantFrom(
    '%FF%FE', '%C0%AF', '%C0%80', '%E0%80%80', '%ED%A0%80', '%F4%90%80%80', '%F8%88%80%80%80', '%80', '%', '%%', '%2', '%zz',
    '%u0041', '%00', '%0A', '%0D%0A', '%E2%80%AE', '%2F', '%5C', '%2e%2e', '%2e', '..%2F..%2F', '%252F', '+', '%20', '%EF%BB%BF',
  ),
  fc.uint8Array({ minLength: 1, maxLength: 12 }).map((bytes) => [...bytes].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('')),
);

const ODD_DATES = [
  '', 'now', 'today', 'null', '0', '-1', '1', '1e21', 'NaN', 'Infinity', '1700000000000', '2024-02-30T00:00:00Z',
  '2024-13-01', '2024-01-01T25:61:61Z', '0000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z',
  '+275760-09-13T00:00:00.001Z', '-271821-04-20T00:00:00.000Z', '-271821-04-19T23:59:59.999Z', '9999-12-31T23:59:59.999Z',
  '1970-01-01', '2024-01-01T00:00:00+99:00', '2024-01-01T00:00:00.123456789Z', ' 2024-01-01', '2024-W01-1', 'Tue, 01 Jan 2030 00:00:00 GMT',
  '2100-01-01T00:00:00Z', '1900-01-01T00:00:00Z', '2024-01-01T00:00:00Z\u0000',
];

export const oddDate: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ODD_DATES) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()) },
  { weight: 1, arbitrary: fc.integer({ min: -8.64e15, max: 8.64e15 }).map(String) },
);

/** Short enough that most URLs stay under Node's 16 KiB limit on a request's head. */
const shortHostileString = hostileString.filter((text) => text.length <= 1_100);

const queryValue = (name: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: (['at', 'from', 'to'].includes(name) ? oddDate : shortHostileString).map(percentEncode) },
    { weight: 2, arbitrary: shortHostileString.map(percentEncode) },
    { weight: 1, arbitrary: rawGarbage },
    { weight: 1, arbitrary: fc.constantFrom('1', '100', '101', '0', '-5', '1.5', '1e3', '0x10', 'abc', 'x'.repeat(5_000)) },
  );

/**
 * A raw query string (without `?`) for a route with the given parameters: duplicated keys,
 * `key[]=` and `key[x]=` forms, unknown and polluting keys, very long and undecodable values.
 */
export function hostileQuery(names: readonly string[]): fc.Arbitrary<string> {
  const keys = fc.oneof(
    { weight: 4, arbitrary: names.length ? fc.constantFrom(...names) : fc.constantFrom('at', 'limit') },
    { weight: 1, arbitrary: fc.constantFrom(...POLLUTING_KEYS, 'at[]', 'at[0]', 'at[a]', 'limit[]', 'cursor[__proto__]', '', '&', '=') },
    { weight: 1, arbitrary: shortHostileString.map(percentEncode) },
  );
  const pair = keys.chain((key) =>
    fc.oneof(
      { weight: 6, arbitrary: queryValue(key).map((value) => `${key}=${value}`) },
      { weight: 1, arbitrary: fc.constant(key) },
      { weight: 1, arbitrary: queryValue(key).map((value) => `${key}=${value}&${key}=${value}1`) },
    ),
  );
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => pairs.join('&')) },
    { weight: 1, arbitrary: fc.constantFrom('&&&', '=', '==&==', '?', '#', 'a'.repeat(8_000), `${'x=1&'.repeat(2_000)}x=2`) },
  );
}

// ---- path values ----------------------------------------------------------------------------

/** A path value: the fixture's own resource (resolved by the test), or raw text sent as is. */
export type PathValue = { readonly kind: 'own' } | { readonly kind: 'foreign' } | { readonly kind: 'raw'; readonly text: string };

const uuidLike = fc.oneof(
  fc.uuid().map((uuid) => uuid),
  fc.uuid().map((uuid) => uuid.toUpperCase()),
  fc.uuid().map((uuid) => `${uuid}x`),
  fc.uuid().map((uuid) => uuid.slice(0, -1)),
  fc.uuid().map((uuid) => uuid.replace(/-/g, '')),
  fc.uuid().map((uuid) => `{${uuid}}`),
  fc.uuid().map((uuid) => `${uuid}%00`),
  fc.uuid().map((uuid) => `${uuid}%2F..`),
  fc.constant('00000000-0000-0000-0000-000000000000'),
  fc.constant('ffffffff-ffff-ffff-ffff-ffffffffffff'),
);

export const hostilePathValue: fc.Arbitrary<PathValue> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: 'own' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'foreign' } as const) },
  { weight: 2, arbitrary: uuidLike.map((text) => ({ kind: 'raw', text }) as const) },
  { weight: 2, arbitrary: rawGarbage.map((text) => ({ kind: 'raw', text }) as const) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('.', '..', '...', '%2e', '%2e%2e', '.%2e', '..%2F..%2F..%2Fhealth', '%2F', 'a%2Fb', '%5C..%5C', 'null', 'undefined',
        '__proto__', 'constructor', 'hasOwnProperty', 'index.html', 'a;b', 'a,b', '*', '(', ')', ':tenantId', '~', "'", '"', '<', '%3Cscript%3E')
      .map((text) => ({ kind: 'raw', text }) as const),
  },
  { weight: 2, arbitrary: shortHostileString.map((text) => ({ kind: 'raw', text: percentEncode(text) }) as const) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(256, 2_048, 12_000, 20_000).map((length) => ({ kind: 'raw', text: 'A'.repeat(length) }) as const),
  },
);

// ---- headers --------------------------------------------------------------------------------

/** A client address for X-Forwarded-For (the app trusts loopback proxies): spreads rate-limit counters. */
export const forwardedFor = fc.oneof(
  { weight: 20, arbitrary: fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `10.${a}.${b}.${c}`) },
  { weight: 1, arbitrary: fc.constantFrom('', 'unknown', '::1, 127.0.0.1', '999.999.999.999', 'a'.repeat(2_000), '10.0.0.1, , ,', '%00') },
);
