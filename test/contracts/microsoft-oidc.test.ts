import { randomUUID } from 'node:crypto';
import {
  MicrosoftOidcClient,
  MicrosoftSignInError,
  type MicrosoftSignInErrorCode,
} from '../../src/modules/microsoft-sign-in/application/microsoft-oidc.client';
import { startEntraProvider, type EntraProvider, type EntraUser } from '../support/entra-provider';

const clientId = randomUUID();
const clientSecret = 'test-client-secret';
const redirectUri = 'http://127.0.0.1:9/auth/microsoft/callback';

async function refused(promise: Promise<unknown>, code: MicrosoftSignInErrorCode): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MicrosoftSignInError);
  expect((err as MicrosoftSignInError).code).toBe(code);
}

describe('Microsoft OIDC client against an Entra-shaped provider', () => {
  let provider: EntraProvider;
  let client: MicrosoftOidcClient;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const alice: EntraUser = {
    tid: tenantA,
    oid: randomUUID(),
    email: 'alice@contoso.example',
    xms_edov: true,
    name: 'Alice',
  };

  beforeAll(async () => {
    provider = await startEntraProvider({ clientId, clientSecret, redirectUri });
    client = new MicrosoftOidcClient({
      clientId,
      clientSecret,
      authority: provider.authority,
      redirectUri,
      allowInsecureRequests: true,
    });
  });

  afterAll(async () => {
    await provider?.stop();
  });

  async function signIn(user: EntraUser) {
    const start = await client.beginAuthorization();
    const callback = await provider.signIn(start.url, user);
    return { start, callback };
  }

  it('serves multi-tenant discovery with the {tenantid} issuer template', async () => {
    const res = await fetch(`${provider.authority}/.well-known/openid-configuration`);
    const metadata = (await res.json()) as { issuer: string };
    expect(metadata.issuer).toBe(`${provider.base}/{tenantid}/v2.0`);
  });

  it('builds an authorization request with PKCE S256, state and nonce, and nothing else of ours', async () => {
    const start = await client.beginAuthorization();
    const params = start.url.searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toBeTruthy();
    expect(params.get('code_challenge')).not.toBe(start.codeVerifier);
    expect(params.get('state')).toBe(start.state);
    expect(params.get('nonce')).toBe(start.nonce);
    expect(params.get('redirect_uri')).toBe(redirectUri);
    expect(start.state.length).toBeGreaterThanOrEqual(32);
  });

  it('returns (tid, oid, email, emailVerified) for a verified email', async () => {
    const { start, callback } = await signIn(alice);
    expect(callback.searchParams.get('iss')).toBeNull();
    const identity = await client.completeAuthorization(callback, start);
    expect(identity).toEqual({
      tid: tenantA,
      oid: alice.oid,
      email: 'alice@contoso.example',
      emailVerified: true,
      name: 'Alice',
    });
  });

  it('issues tokens whose iss is the tenant-specific issuer', async () => {
    let seenIss: unknown;
    provider.tamperNextIdToken = (claims) => {
      seenIss = claims.iss;
      return claims;
    };
    const { start, callback } = await signIn({ ...alice, tid: tenantB, oid: randomUUID() });
    const identity = await client.completeAuthorization(callback, start);
    expect(seenIss).toBe(`${provider.base}/${tenantB}/v2.0`);
    expect(identity.tid).toBe(tenantB);
  });

  it.each([
    ['false', false],
    ['absent', undefined],
  ])('reports emailVerified=false when xms_edov is %s', async (_label, xmsEdov) => {
    const user: EntraUser = { tid: tenantA, oid: randomUUID(), email: 'bob@contoso.example', xms_edov: xmsEdov };
    const { start, callback } = await signIn(user);
    const identity = await client.completeAuthorization(callback, start);
    expect(identity.email).toBe('bob@contoso.example');
    expect(identity.emailVerified).toBe(false);
    expect(identity.oid).toBe(user.oid);
  });

  it('refuses a tampered state', async () => {
    const { start, callback } = await signIn(alice);
    callback.searchParams.set('state', `${start.state}x`);
    await refused(client.completeAuthorization(callback, start), 'state_mismatch');
  });

  it('refuses a callback checked against another session (state of another flow)', async () => {
    const { callback } = await signIn(alice);
    const other = await client.beginAuthorization();
    await refused(client.completeAuthorization(callback, other), 'state_mismatch');
  });

  it('refuses a replayed code', async () => {
    const { start, callback } = await signIn(alice);
    await client.completeAuthorization(callback, start);
    await refused(client.completeAuthorization(callback, start), 'token_exchange_failed');
  });

  it('refuses a wrong nonce', async () => {
    const { start, callback } = await signIn(alice);
    await refused(client.completeAuthorization(callback, { ...start, nonce: 'not-the-nonce' }), 'invalid_token');
  });

  it('refuses without the PKCE verifier, or with a wrong one', async () => {
    const first = await signIn(alice);
    await refused(
      client.completeAuthorization(first.callback, { state: first.start.state, nonce: first.start.nonce }),
      'missing_checks',
    );
    const second = await signIn(alice);
    const wrongVerifier = (await client.beginAuthorization()).codeVerifier;
    await refused(
      client.completeAuthorization(second.callback, { ...second.start, codeVerifier: wrongVerifier }),
      'token_exchange_failed',
    );
  });

  it('refuses an ID token for another audience', async () => {
    provider.tamperNextIdToken = (claims) => ({ ...claims, aud: randomUUID() });
    const { start, callback } = await signIn(alice);
    await refused(client.completeAuthorization(callback, start), 'invalid_token');
  });

  it("refuses an ID token whose issuer is another tenant's than its tid claim", async () => {
    provider.tamperNextIdToken = (claims, { base }) => ({ ...claims, iss: `${base}/${tenantB}/v2.0` });
    const { start, callback } = await signIn(alice);
    await refused(client.completeAuthorization(callback, start), 'invalid_token');
  });

  it('refuses an ID token claiming another tenant than its issuer (attacker tenant)', async () => {
    provider.tamperNextIdToken = (claims) => ({ ...claims, tid: tenantB });
    const { start, callback } = await signIn(alice);
    await refused(client.completeAuthorization(callback, start), 'invalid_token');
  });

  it('refuses an ID token from a foreign issuer', async () => {
    provider.tamperNextIdToken = (claims) => ({ ...claims, iss: `https://evil.example/${claims.tid}/v2.0` });
    const { start, callback } = await signIn(alice);
    await refused(client.completeAuthorization(callback, start), 'invalid_token');
  });

  it('refuses an ID token whose tid is not a GUID', async () => {
    provider.tamperNextIdToken = (claims, { base }) => ({ ...claims, tid: 'organizations', iss: `${base}/organizations/v2.0` });
    const { start, callback } = await signIn(alice);
    await refused(client.completeAuthorization(callback, start), 'invalid_token');
  });

  it('refuses an expired ID token', async () => {
    const now = Math.floor(Date.now() / 1000);
    provider.tamperNextIdToken = (claims) => ({ ...claims, iat: now - 7200, exp: now - 3600 });
    const { start, callback } = await signIn(alice);
    await refused(client.completeAuthorization(callback, start), 'invalid_token');
  });

  it('refuses an ID token signed with a key that is not in the JWKS', async () => {
    const { start, callback } = await signIn(alice);
    const other = await startEntraProvider({ clientId, clientSecret, redirectUri });
    try {
      // Re-sign the next ID token unchanged, but with a key the client has never seen.
      (provider as unknown as { signIdToken: (c: Record<string, unknown>) => string }).signIdToken = (c) =>
        other.signIdToken(c);
      provider.tamperNextIdToken = (claims) => claims;
      await refused(client.completeAuthorization(callback, start), 'invalid_token');
    } finally {
      delete (provider as unknown as { signIdToken?: unknown }).signIdToken;
      await other.stop();
    }
  });
});
