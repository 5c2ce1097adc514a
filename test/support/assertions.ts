import type { Response } from 'supertest';

/** The error body names the field: in `message` (string or list) and, for 400s, in `fields`. */
export function expectFieldError(response: Response, status: 400 | 422 | 'either', field: string): void {
  const summary = `${response.status} ${JSON.stringify(response.body)}`;
  const allowed = status === 'either' ? [400, 422] : [status];
  expect({ allowed: allowed.includes(response.status), summary }).toEqual({ allowed: true, summary });
  expect(response.body).toMatchObject({ statusCode: response.status });
  const message = response.body.message as unknown;
  const text = Array.isArray(message) ? message.join('\n') : String(message);
  expect(text).toContain(field);
  if (response.status === 400 && response.body.fields !== undefined) expect(response.body.fields).toContain(field);
}

/** Nest's error shape: {statusCode, message, error} plus an optional code. */
export function expectErrorShape(response: Response, status: number): void {
  expect(response.status).toBe(status);
  expect(response.body).toEqual(
    expect.objectContaining({ statusCode: status, message: expect.anything(), error: expect.any(String) }),
  );
}

/** Every string anywhere in a JSON value, keys included. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value);
}
