import type { Request } from 'express';
import { RateLimits } from './rate-limits.service';

const request = (ip: string, extra: Partial<Request> = {}) => ({ ip, params: {}, body: {}, ...extra }) as unknown as Request;

describe('RateLimits', () => {
  it('allows the configured number of requests per key and window, then gives a Retry-After', async () => {
    const limits = new RateLimits({ RATE_LIMIT_LOOKUP_PER_IP: '3' });
    for (let i = 0; i < 3; i++) expect(await limits.consume('invite-lookup', request('10.0.0.1'))).toEqual({ allowed: true });
    const refused = await limits.consume('invite-lookup', request('10.0.0.1'));
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await limits.consume('invite-lookup', request('10.0.0.2'))).toEqual({ allowed: true });
  });

  it('limits signups per link whatever the client', async () => {
    const limits = new RateLimits({ RATE_LIMIT_SIGNUP_PER_LINK: '2' });
    const on = (token: string, ip: string) => limits.consume('signup', request(ip, { params: { token } }));
    expect((await on('tok-a', '10.0.0.1')).allowed).toBe(true);
    expect((await on('tok-a', '10.0.0.2')).allowed).toBe(true);
    expect((await on('tok-a', '10.0.0.3')).allowed).toBe(false);
    expect((await on('tok-b', '10.0.0.3')).allowed).toBe(true);
  });

  it('limits sign-ins per client IP and email, case-insensitively', async () => {
    const limits = new RateLimits({ RATE_LIMIT_SIGN_IN_PER_IP_EMAIL: '1' });
    const as = (email: string, ip = '10.0.0.1') => limits.consume('sign-in', request(ip, { body: { email } }));
    expect((await as('ann@acme.example')).allowed).toBe(true);
    expect((await as(' ANN@acme.example')).allowed).toBe(false);
    expect((await as('bob@acme.example')).allowed).toBe(true);
    expect((await as('ann@acme.example', '10.0.0.9')).allowed).toBe(true);
  });

  it('limits Microsoft starts per client IP alone: a made-up email field changes nothing', async () => {
    const limits = new RateLimits({ RATE_LIMIT_MICROSOFT_START_PER_IP: '2' });
    const start = (ip: string, body: object, params: object = {}) =>
      limits.consume('microsoft-start', request(ip, { body, params } as Partial<Request>));
    expect((await start('10.0.0.1', { email: 'a@x.example' })).allowed).toBe(true);
    expect((await start('10.0.0.1', { email: 'b@x.example' }, { token: 'tok-a' })).allowed).toBe(true);
    expect((await start('10.0.0.1', { email: 'c@x.example' }, { token: 'tok-b' })).allowed).toBe(false);
    expect((await start('10.0.0.2', {})).allowed).toBe(true);
  });

  it('multiplies every limit by RATE_LIMIT_MULTIPLIER', async () => {
    const limits = new RateLimits({ RATE_LIMIT_LOOKUP_PER_IP: '1', RATE_LIMIT_MULTIPLIER: '3' });
    for (let i = 0; i < 3; i++) expect((await limits.consume('invite-lookup', request('10.0.0.1'))).allowed).toBe(true);
    expect((await limits.consume('invite-lookup', request('10.0.0.1'))).allowed).toBe(false);
  });

  it('refuses a limit that is not a positive integer, naming the variable', () => {
    expect(() => new RateLimits({ RATE_LIMIT_SIGNUP_PER_IP: '0' })).toThrow(/RATE_LIMIT_SIGNUP_PER_IP/);
    expect(() => new RateLimits({ RATE_LIMIT_WINDOW_SECONDS: 'a minute' })).toThrow(/RATE_LIMIT_WINDOW_SECONDS/);
  });
});
