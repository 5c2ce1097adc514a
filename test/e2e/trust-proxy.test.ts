import { RATE_LIMIT_POLICIES } from '../../src/shared/http/rate-limit/rate-limit.policies';
import { useTestApp } from '../support/fixtures';
import { anEmail, paths, TestApp } from '../support/test-app';

/**
 * TRUST_PROXY decides whose X-Forwarded-For names the client, and so what the rate limits count.
 * Behind a proxy on another host the default (loopback) would make every client one address;
 * with no proxy at all, a client must not be able to pick a new address per request.
 */
describe('TRUST_PROXY', () => {
  const signInLimit = RATE_LIMIT_POLICIES['sign-in'].find((rule) => rule.name === 'sign-in-ip-email')!.points;
  let nextAddress = 1;
  const anAddress = () => `198.51.100.${nextAddress++ % 250}`;
  const attempts = async (t: TestApp, email: string, count: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const response = await t
        .anonymous()
        .post(paths.signIn())
        .set('X-Forwarded-For', anAddress())
        .send({ email, password: 'Wrong-Passw0rd!' });
      statuses.push(response.status);
    }
    return statuses;
  };

  describe('TRUST_PROXY=none', () => {
    const t = useTestApp({ env: { TRUST_PROXY: 'none' } });

    it('none: X-Forwarded-For is ignored, so a client cannot dodge the limit by changing it', async () => {
      const statuses = await attempts(t, anEmail('dodger'), signInLimit + 1);
      expect(statuses.slice(0, signInLimit).every((status) => status === 401)).toBe(true);
      expect(statuses[signInLimit]).toBe(429);
    });
  });

  describe('TRUST_PROXY unset', () => {
    const t = useTestApp();

    it('loopback (the default): the proxy on this host names the client, each address counted on its own', async () => {
      const statuses = await attempts(t, anEmail('behind-proxy'), signInLimit + 1);
      expect(statuses.every((status) => status === 401)).toBe(true);
    });
  });
});
