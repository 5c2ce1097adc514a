import { decode, sign, verify } from 'jsonwebtoken';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AppConfig } from '../../../config/app-config';
import { SessionService } from './session.service';

const aSecret = () => randomBytes(32).toString('base64url');
const config = (sessionSecret: string) =>
  ({ sessionSecret, sessionTtlSeconds: 3600, publicBaseUrl: 'http://invites.test' }) as AppConfig;

describe('SessionService', () => {
  it('issues the HS256 token the secret string signs (same bytes), with subject, issuer and expiry', async () => {
    const secret = aSecret();
    const userId = randomUUID();
    const token = await new SessionService(config(secret)).issue(userId);

    const claims = verify(token, secret, { algorithms: ['HS256'], issuer: 'invite-links' }) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: userId, iss: 'invite-links' });
    expect(claims.exp).toBe((claims.iat as number) + 3600);
    expect(decode(token, { complete: true })?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    // Byte for byte what signing with the string gives, so sessions issued before stay valid.
    expect(token).toBe(sign({ sub: userId, iat: claims.iat }, secret, { algorithm: 'HS256', expiresIn: 3600, issuer: 'invite-links' }));
  });

  it('accepts a token signed with the secret string and refuses other secrets, issuers, algorithms and expired tokens', async () => {
    const secret = aSecret();
    const sessions = new SessionService(config(secret));
    const userId = randomUUID();
    const options = { algorithm: 'HS256', expiresIn: 3600, issuer: 'invite-links' } as const;

    expect(await sessions.verify(sign({ sub: userId }, secret, options))).toBe(userId);
    expect(await sessions.verify(sign({ sub: userId }, aSecret(), options))).toBeNull();
    expect(await sessions.verify(sign({ sub: userId }, secret, { ...options, issuer: 'someone-else' }))).toBeNull();
    expect(await sessions.verify(sign({ sub: userId }, secret, { ...options, algorithm: 'HS512' }))).toBeNull();
    const past = Math.floor(Date.now() / 1000) - 7200;
    expect(await sessions.verify(sign({ sub: userId, iat: past }, secret, options))).toBeNull();
    expect(await sessions.verify(sign({ sub: 42 }, secret, options))).toBeNull();
    expect(await sessions.verify('not-a-token')).toBeNull();
  });

  it('verifies what it issued, and not what another instance with another secret issued', async () => {
    const one = new SessionService(config(aSecret()));
    const other = new SessionService(config(aSecret()));
    const userId = randomUUID();
    expect(await one.verify(await one.issue(userId))).toBe(userId);
    expect(await other.verify(await one.issue(userId))).toBeNull();
  });
});
