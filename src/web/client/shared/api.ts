/**
 * The one way the pages' scripts call the public JSON API (docs/http-api.md): with the session
 * cookie (`credentials: 'same-origin'`), never from the HTTP cache, and, on every unsafe call,
 * the page's CSRF token (from `<meta name="csrf-token">`) in the X-CSRF-Token header, which the
 * AuthGuard requires before it honours the cookie (src/shared/http/security/csrf.ts,
 * `verifyHeader`). A cross-site page can neither read that token nor set the header.
 */

import { SESSION_EXPIRED_EVENT, SESSION_EXPIRED_MESSAGE } from './session';

/** The header csrf.ts reads; browser code cannot import server code, so the name is repeated here. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** What the API answers on an error (the fields the pages use). */
export interface ApiErrorBody {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly field?: unknown;
  readonly fields?: unknown;
}

/**
 * A refused call. `status` is 0 when the server could not be reached. `message` is always
 * something to show; `serverMessage` is only what the server said (null when it said nothing).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly serverMessage: string | null,
    readonly body: ApiErrorBody,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT';

/** The page's CSRF token, read when needed (the page renders it once, in a meta tag). */
function csrfToken(): string {
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
}

/** The server's own words: NestJS answers `message` as a string or a list of strings. */
export function serverMessageOf(body: unknown): string | null {
  const message = isObject(body) ? body.message : undefined;
  if (Array.isArray(message)) return message.join(' ');
  return typeof message === 'string' && message ? message : null;
}

/** The sentence a page shows for a refused call when the server gave none. */
export function fallbackMessage(status: number): string {
  if (status === 401) return SESSION_EXPIRED_MESSAGE;
  if (status === 403) return 'You are not allowed to do this.';
  return `Something went wrong (HTTP ${status}). Please try again.`;
}

/** Calls the API and resolves with its JSON answer (null when empty), or rejects with an ApiError. */
export async function apiRequest<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers[CSRF_HEADER] = csrfToken();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, error instanceof Error ? error.message : String(error), null, {});
  }
  const data = parseJson(await response.text());
  if (response.ok) return data as T;
  const serverMessage = serverMessageOf(data);
  if (response.status === 401) {
    // The API's words are for API clients ("send Authorization: Bearer …"); a person signs in again.
    if (typeof window !== 'undefined') window.dispatchEvent(new Event(SESSION_EXPIRED_EVENT));
    throw new ApiError(401, SESSION_EXPIRED_MESSAGE, serverMessage, isObject(data) ? data : {});
  }
  throw new ApiError(response.status, serverMessage ?? fallbackMessage(response.status), serverMessage, isObject(data) ? data : {});
}

export function getJson<T>(path: string): Promise<T> {
  return apiRequest<T>('GET', path);
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
