import { ApiError, apiRequest, CSRF_HEADER } from './api';

/** Jest runs in Node: the page's CSRF meta tag and fetch are stand-ins here. */
const calls: { path: string; init: RequestInit }[] = [];
let answer: () => Promise<Response>;
const realFetch = globalThis.fetch;

beforeEach(() => {
  calls.length = 0;
  Object.assign(globalThis, {
    document: { querySelector: (selector: string) => (selector === 'meta[name="csrf-token"]' ? { getAttribute: () => 'token-1' } : null) },
    fetch: (path: string, init: RequestInit) => {
      calls.push({ path, init });
      return answer();
    },
  });
});

afterAll(() => {
  delete (globalThis as { document?: unknown }).document;
  globalThis.fetch = realFetch;
});

const json = (status: number, body: unknown) => async () => new Response(body === undefined ? '' : JSON.stringify(body), { status });

describe('the one API helper of the pages', () => {
  it('sends the session cookie and skips the HTTP cache, without the CSRF token on a GET', async () => {
    answer = json(200, { items: [] });
    await expect(apiRequest('GET', '/api/v1/x')).resolves.toEqual({ items: [] });
    expect(calls[0].init).toMatchObject({ method: 'GET', credentials: 'same-origin', cache: 'no-store', body: undefined });
    expect(calls[0].init.headers).toEqual({ Accept: 'application/json' });
  });

  it("sends the page's CSRF token in X-CSRF-Token, and the body as JSON, on an unsafe call", async () => {
    answer = json(201, undefined);
    await expect(apiRequest('POST', '/api/v1/y', { a: 1 })).resolves.toBeNull();
    expect(CSRF_HEADER).toBe('X-CSRF-Token');
    expect(calls[0].init.headers).toEqual({ Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': 'token-1' });
    expect(calls[0].init.body).toBe('{"a":1}');
  });

  it("rejects a refusal with its status, the server's words and its body", async () => {
    answer = json(422, { message: ['a is bad', 'b is bad'], fields: ['a', 'b'] });
    const refused = await apiRequest('PUT', '/api/v1/z', {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 422, message: 'a is bad b is bad', serverMessage: 'a is bad b is bad', body: { fields: ['a', 'b'] } });
  });

  it('says the session expired on a 401, whatever the API said to API clients, and tells the page', async () => {
    const fired: string[] = [];
    Object.assign(globalThis, { window: { dispatchEvent: (event: Event) => fired.push(event.type) } });
    try {
      answer = json(401, { statusCode: 401, message: 'Sign in first: send "Authorization: Bearer <token>"' });
      await expect(apiRequest('PUT', '/a', {})).rejects.toMatchObject({
        status: 401,
        message: 'Your session has expired. Sign in again.',
        serverMessage: 'Sign in first: send "Authorization: Bearer <token>"',
      });
      answer = json(401, undefined);
      await expect(apiRequest('GET', '/a')).rejects.toMatchObject({ status: 401, message: 'Your session has expired. Sign in again.', serverMessage: null });
      expect(fired).toEqual(['session-expired', 'session-expired']);
    } finally {
      delete (globalThis as { window?: unknown }).window;
    }
  });

  it('says something useful when the server gave no words, and status 0 when it could not be reached', async () => {
    answer = json(401, undefined);
    answer = json(500, undefined);
    await expect(apiRequest('GET', '/a')).rejects.toMatchObject({ status: 500, message: 'Something went wrong (HTTP 500). Please try again.', serverMessage: null });
    answer = async () => new Response('<html>', { status: 502 });
    await expect(apiRequest('GET', '/a')).rejects.toMatchObject({ status: 502, message: 'Something went wrong (HTTP 502). Please try again.' });
    answer = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(apiRequest('GET', '/a')).rejects.toMatchObject({ status: 0, message: 'Failed to fetch', serverMessage: null });
  });
});
