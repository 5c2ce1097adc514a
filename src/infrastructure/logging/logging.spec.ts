import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import pinoHttp, { Options as PinoHttpOptions } from 'pino-http';
import type { AppConfig } from '../../config/app-config';
import { isTokenShaped, loggingParams, REDACTED, redactLogLine, redactSecrets } from './logging';
import { newGenerationName } from '../read-models/read-model-storage';

const aToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
const aJwt = () =>
  [
    Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url'),
    Buffer.from(JSON.stringify({ sub: randomUUID(), iat: 1_700_000_000 })).toString('base64url'),
    aToken(),
  ].join('.');

describe('redactSecrets', () => {
  it('redacts a random 256-bit token wherever it sits: path, query, fragment, after a UUID, in prose', () => {
    for (let i = 0; i < 2000; i++) {
      const token = aToken();
      const tenant = randomUUID();
      const texts = [
        `/nonexistent/${token}`,
        `/join/${token}?x=${token}`,
        `/api/v1/tenants/${tenant}/users?q=${token}#${token}`,
        `https://evil.example/r?next=%2Fjoin%2F${token}`,
        `stream tenant-${tenant}-${token} failed`,
        `Error: bad token ${token}\n    at handler (/app/dist/x.js:1:2)`,
      ];
      for (const text of texts) expect(redactSecrets(text)).not.toContain(token);
      expect(redactSecrets(`/api/v1/tenants/${tenant}/users?q=${token}`)).toContain(tenant);
    }
  });

  it('redacts the named OAuth parameters whatever their shape, and JWTs', () => {
    const code = `0.AXoA${aToken(60)}.${aToken(20)}`;
    const jwt = aJwt();
    const out = redactSecrets(
      `/auth/microsoft/callback?code=${code}&state=short&session_state=${randomUUID()}&x=1 ` +
        `https://login.example/authorize?client_id=abc&nonce=n1&code_challenge=c1&code_challenge_method=S256 Bearer ${jwt}`,
    );
    expect(out).not.toContain(code.slice(6));
    expect(out).not.toContain('state=short');
    expect(out).not.toContain('nonce=n1');
    expect(out).not.toContain('code_challenge=c1');
    expect(out).not.toContain(jwt.split('.')[1]);
    expect(out).toContain(`code=${REDACTED}`);
    expect(out).toContain(`state=${REDACTED}&`);
    expect(out).toContain('code_challenge_method=S256');
    expect(out).toContain('client_id=abc');
    expect(out).toContain('&x=1');
  });

  it('keeps UUIDs, request ids, words, class names and constants', () => {
    const tenant = randomUUID();
    const kept = [
      `/api/v1/tenants/${tenant}/invite-link`,
      `tenant-${tenant}`,
      `user-${tenant.toUpperCase()}`,
      'MicrosoftSignInController',
      'MICROSOFT_ALLOW_INSECURE_AUTHORITY',
      'last-request-of-the-scenario',
      'Registration recovery: 2 completed, 0 undone, 0 failed',
      '2026-12-02T05:33:24.123Z',
      '/join/[token]',
      '/verify-email/[code]',
      // Read-model generations, as the rebuild CLI and the service log them when they switch.
      `Read models: now serving generation ${newGenerationName()} (was initial)`,
      `read-models-${newGenerationName()}.sqlite3`,
    ];
    for (const text of kept) expect(redactSecrets(text)).toBe(text);
  });

  it('replaces the token of a known route with a placeholder', () => {
    expect(redactSecrets(`/join/${aToken()}/microsoft`)).toBe('/join/[token]/microsoft');
    expect(redactSecrets(`/api/v1/invite-links/${aToken()}/signups`)).toBe('/api/v1/invite-links/[token]/signups');
    expect(redactSecrets(`/verify-email/${aToken()}`)).toBe('/verify-email/[code]');
    // A mistyped or cut code is not token-shaped any more, and still most of a secret.
    expect(redactSecrets('/verify-email/abc-def?x=1')).toBe('/verify-email/[code]?x=1');
    expect(redactSecrets(`http://invites.test/verify-email/${aToken()}#top`)).toBe('http://invites.test/verify-email/[code]#top');
  });

  it.each([
    ['a 43-character base64url token', true, aToken()],
    ['a 22-character token with digits', true, 'aB3dE5gH7jK9mN1pQ3sT5v'],
    ['a hex SHA-256', true, randomBytes(32).toString('hex')],
    ['a 25-character CamelCase name', false, 'MicrosoftSignInController'],
    ['a short mixed word', false, 'Str0ng'],
    ['a long lower-case phrase', false, 'invite-links-registration-recovery'],
  ])('isTokenShaped: %s → %s', (_name, expected, piece) => {
    expect(isTokenShaped(piece)).toBe(expected);
  });
});

describe('redactLogLine', () => {
  it('redacts every string of a JSON line (url, headers, error message and stack) and keeps the request id', () => {
    const token = aToken();
    const state = aToken();
    const requestId = randomUUID();
    const line = `${JSON.stringify({
      level: 50,
      hostname: 'invite-links-7d9f8b6c4-x2x9z',
      req: { id: requestId, method: 'GET', url: `/nonexistent/${token}?x=${token}`, headers: { referer: `https://a.example/join/${token}` } },
      res: { statusCode: 303, headers: { location: `https://login.example/authorize?state=${state}`, 'x-request-id': requestId } },
      err: { type: 'Error', message: `failed for ${token}`, stack: `Error: failed for ${token}\n    at x (/app/y.js:1:1)` },
      msg: `request to /x?code=abc&state=${state} failed`,
    })}\n`;
    const out = redactLogLine(line);
    expect(out.endsWith('\n')).toBe(true);
    expect(out).not.toContain(token);
    expect(out).not.toContain(state);
    expect(out).not.toContain('code=abc');
    const parsed = JSON.parse(out);
    expect(parsed.req.id).toBe(requestId);
    expect(parsed.res.headers['x-request-id']).toBe(requestId);
    expect(parsed.hostname).toBe('invite-links-7d9f8b6c4-x2x9z');
    expect(parsed.req.url).toBe(`/nonexistent/${REDACTED}?x=${REDACTED}`);
  });

  it('leaves a line without secrets untouched, byte for byte', () => {
    const line = `${JSON.stringify({ level: 30, req: { id: randomUUID(), url: `/api/v1/tenants/${randomUUID()}` }, msg: 'request completed' })}\n`;
    expect(redactLogLine(line)).toBe(line);
  });

  it('finds a token that follows an escape in the raw JSON (a newline in a stack)', () => {
    const token = aToken();
    const line = `${JSON.stringify({ msg: `first line\n${token}` })}\n`;
    expect(redactLogLine(line)).not.toContain(token);
  });
});

describe('loggingParams', () => {
  /** Serves one request through pino-http with the service's settings; the lines it wrote. */
  async function linesOfOneRequest(logLevel: string, path: string): Promise<Record<string, unknown>[]> {
    const written: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString());
        done();
      },
    });
    const options = loggingParams({ logLevel } as AppConfig).pinoHttp as PinoHttpOptions;
    const middleware = pinoHttp({ ...options, stream: sink });
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      middleware(request, response, () => {
        request.log.warn('inside the request');
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await (await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'x-request-id': 'req-1' } })).text();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    return written.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it("names the service, the process and the request on a request's lines, with the token path redacted", async () => {
    const token = aToken();
    const lines = await linesOfOneRequest('info', `/api/v1/invite-links/${token}`);
    expect(lines.map((line) => line.msg)).toEqual(['inside the request', 'request completed']);
    for (const line of lines) {
      expect(line).toMatchObject({ service: 'invite-links', pid: process.pid, hostname: hostname() });
      expect(line.req).toEqual({ id: 'req-1', method: 'GET', url: '/api/v1/invite-links/[token]', remoteAddress: '127.0.0.1' });
      expect(JSON.stringify(line)).not.toContain(token);
    }
    expect(lines[1].res).toEqual({ statusCode: 200, headers: expect.any(Object) });
    expect(lines[1].responseTime).toEqual(expect.any(Number));
  });

  it('logs the path of a verification link with a placeholder instead of its code', async () => {
    const code = aToken();
    const lines = await linesOfOneRequest('info', `/verify-email/${code}?again=1`);
    expect(lines.map((line) => (line.req as { url: string }).url)).toEqual(['/verify-email/[code]?again=1', '/verify-email/[code]?again=1']);
    expect(lines.map((line) => JSON.stringify(line)).join('\n')).not.toContain(code);
  });

  it('at warn, writes the warnings of a request (named alike) and not its completion', async () => {
    const lines = await linesOfOneRequest('warn', '/api/v1/me');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'inside the request', service: 'invite-links', req: { id: 'req-1', url: '/api/v1/me' } });
  });
});
