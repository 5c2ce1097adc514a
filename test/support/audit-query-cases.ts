import type { Response } from 'supertest';

/**
 * The audit reads' shared parameters (docs/http-api.md, audit query parameters): one table of
 * mistakes that the invite-link history and the MSP audit feed must both refuse with a 400 naming
 * the parameter. Each case is the raw query string, so that repeated and empty parameters are
 * sent exactly as written. The types named are valid on both reads.
 */
export const BAD_AUDIT_QUERIES: readonly (readonly [parameter: string, query: string])[] = [
  ['type', 'type='],
  ['type', 'type=%20,%20'],
  ['type', 'type=TenantCanceled,,TenantSsoRemoved'],
  ['type', 'type=TenantCanceled,'],
  ['type', 'type=tenantCanceled'],
  ['type', 'type=NoSuchEvent'],
  ['type', 'type=TenantCanceled,NoSuchEvent'],
  ['type', 'type=TenantCanceled&type=TenantSsoRemoved'],
  ['type', `type=${'TenantCanceled,'.repeat(150)}TenantCanceled`],
  ['from', 'from=yesterday'],
  ['from', 'from='],
  ['from', 'from=2026-02-30'],
  ['from', 'from=2025-02-29T10:00:00Z'],
  ['from', 'from=2026-03-01T10:00:00'],
  ['from', 'from=2026-03-01T24:00:00Z'],
  ['from', 'from=2026-03-01%2010:00:00Z'],
  ['from', 'from=2026-03-01&from=2026-03-02'],
  ['to', 'to=1709280000'],
  ['to', 'to=2026-13-01T00:00:00Z'],
  ['to', 'to=2026-03-01T10:00:00%2B24:00'],
  ['to', 'from=2026-03-01&to=2026-03-01'],
  ['to', 'from=2026-03-01&to=2026-03-01T00:00:00Z'],
  ['to', 'from=2026-03-02&to=2026-03-01T23:59:59.999Z'],
  // Equal at millisecond precision: an empty range.
  ['to', 'from=2026-03-01T10:00:00.0019Z&to=2026-03-01T10:00:00.001Z'],
  ['limit', 'limit=0'],
  ['limit', 'limit=1001'],
  ['limit', 'limit=-1'],
  ['limit', 'limit=2.5'],
  ['limit', 'limit=ten'],
  ['limit', 'limit=1e2'],
  ['limit', 'limit=%205'],
  ['limit', 'limit='],
  ['limit', 'limit=1&limit=2'],
  ['cursor', 'cursor='],
  ['cursor', 'cursor=not-a-cursor!'],
  ['cursor', 'cursor=0'],
  ['cursor', `cursor=${'A'.repeat(600)}`],
  ['cursor', 'cursor=a&cursor=b'],
  ['unknown', 'unknown=x'],
];

/** The 400 of one bad parameter: the validation pipe's body, naming it in `fields` and in every message. */
export function expectRefusedNaming(parameter: string, query: string, response: Response): void {
  const body = response.body as { statusCode: number; error: string; code: string; fields: string[]; message: string[] };
  expect([query, response.status, body.statusCode, body.error, body.code, body.fields]).toEqual([query, 400, 400, 'Bad Request', 'invalid_request', [parameter]]);
  expect(body.message.length).toBeGreaterThan(0);
  expect(body.message.filter((message) => !message.startsWith(parameter))).toEqual([]);
}
