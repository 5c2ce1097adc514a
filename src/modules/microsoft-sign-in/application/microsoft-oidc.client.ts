import { timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';

/** DI token: the configured MicrosoftOidcClient, or null when MICROSOFT_CLIENT_ID is unset. */
export const MICROSOFT_OIDC_CLIENT = Symbol('MICROSOFT_OIDC_CLIENT');

/** Where Microsoft sends the browser back: the redirect URI registered for the app. */
export const MICROSOFT_CALLBACK_PATH = '/auth/microsoft/callback';

export const DEFAULT_MICROSOFT_AUTHORITY = 'https://login.microsoftonline.com/organizations/v2.0';

export interface MicrosoftOidcClientOptions {
  clientId: string;
  clientSecret: string;
  /** e.g. https://login.microsoftonline.com/organizations/v2.0 */
  authority: string;
  redirectUri: string;
  /** Plain-http identity provider: tests only. */
  allowInsecureRequests?: boolean;
}

/** What must be kept server-side (in the browser's session) between the redirect and the callback. */
export interface MicrosoftAuthorizationChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface MicrosoftAuthorizationStart extends MicrosoftAuthorizationChecks {
  url: URL;
}

export interface MicrosoftIdentity {
  tid: string;
  oid: string;
  /** The `email` claim, or null when absent. Only trust it for uniqueness when emailVerified. */
  email: string | null;
  /** True only when `xms_edov` is literally true. */
  emailVerified: boolean;
  name: string | null;
}

export type MicrosoftSignInErrorCode =
  /** The identity provider's metadata could not be fetched or is not what the authority implies. */
  | 'discovery_failed'
  /** No state / nonce / PKCE verifier was kept for this browser session. */
  | 'missing_checks'
  /** The callback's `state` is not the one bound to this browser session. */
  | 'state_mismatch'
  /** The identity provider answered the authorization request with an error (e.g. access_denied). */
  | 'authorization_denied'
  /** The token endpoint refused the code (replayed, expired, wrong PKCE verifier, ...). */
  | 'token_exchange_failed'
  /** The ID token failed validation (signature, issuer, audience, nonce, expiry, tid/oid). */
  | 'invalid_token';

export class MicrosoftSignInError extends Error {
  override readonly name = 'MicrosoftSignInError';
  constructor(
    readonly code: MicrosoftSignInErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const TENANT_PLACEHOLDER = '{tenantid}';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MULTI_TENANT_SEGMENTS = new Set(['organizations', 'common']);
const SCOPE = 'openid profile email';

/**
 * Microsoft Entra ID sign-in: authorization code flow with PKCE (S256), state and nonce.
 *
 * Entra's multi-tenant metadata carries the issuer template `https://login.microsoftonline.com/{tenantid}/v2.0`
 * while each ID token's `iss` names the user's tenant. openid-client only substitutes the template for
 * discovery against the login.microsoftonline.com origin itself, so this class does it explicitly (the same
 * way for any authority, which is what lets tests run it against a local provider):
 *   1. discovery from the full `.well-known` URL, then check the advertised issuer against the authority
 *      (`<origin>/{tenantid}/v2.0` for an `organizations`/`common` authority, the authority itself otherwise);
 *   2. on the callback, openid-client validates `state` and redeems the code (PKCE) exactly once; the raw
 *      token response is kept and the unverified `tid` of its ID token read, which must be a GUID;
 *   3. openid-client then processes that same response against a configuration whose issuer is the template
 *      with that `tid` substituted: signature (JWKS), `iss`, `aud`, `nonce`, `exp`/`iat` are all checked there.
 */
export class MicrosoftOidcClient {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly options: MicrosoftOidcClientOptions) {
    if (!options.clientId) throw new TypeError('clientId is required');
    if (!options.clientSecret) throw new TypeError('clientSecret is required');
  }

  async beginAuthorization(): Promise<MicrosoftAuthorizationStart> {
    const config = await this.discover();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const codeChallenge = await oidc.calculatePKCECodeChallenge(codeVerifier);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      response_type: 'code',
      response_mode: 'query',
      scope: SCOPE,
      state,
      nonce,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
    });
    return { url, state, nonce, codeVerifier };
  }

  async completeAuthorization(
    callbackUrl: string | URL,
    checks: Partial<MicrosoftAuthorizationChecks> | undefined,
  ): Promise<MicrosoftIdentity> {
    const { state, nonce, codeVerifier } = checks ?? {};
    if (!state || !nonce || !codeVerifier) {
      throw new MicrosoftSignInError('missing_checks', 'No Microsoft sign-in is in progress for this session.');
    }
    const currentUrl = new URL(callbackUrl);
    const returnedState = currentUrl.searchParams.get('state');
    if (returnedState === null || !sameString(returnedState, state)) {
      throw new MicrosoftSignInError('state_mismatch', 'The sign-in response does not belong to this session.');
    }

    const template = await this.discover();
    const grantChecks = { expectedState: state, expectedNonce: nonce, pkceCodeVerifier: codeVerifier, idTokenExpected: true };

    // Pass 1: validate the authorization response and redeem the code (the only network call with the code).
    const tokenEndpoint = template.serverMetadata().token_endpoint;
    let captured: { status: number; headers: Headers; body: string } | undefined;
    const capture = new CaptureSignal();
    const redeem = this.configure(plainMetadata(template), async (url, init) => {
      const response = await fetch(url, init);
      if (url !== tokenEndpoint) return response;
      captured = { status: response.status, headers: new Headers(response.headers), body: await response.text() };
      throw capture;
    });
    try {
      await oidc.authorizationCodeGrant(redeem, currentUrl, grantChecks);
      throw new MicrosoftSignInError('invalid_token', 'The token response was not captured.');
    } catch (err) {
      if (!captured || !isCause(err, capture)) throw translate(err);
    }

    // Pass 2: full validation of that response against the issuer of the token's own tenant.
    const tid = unverifiedTid(captured);
    const issuer = template.serverMetadata().issuer.replace(TENANT_PLACEHOLDER, tid);
    const response = captured;
    let replayed = false;
    const validate = this.configure({ ...plainMetadata(template), issuer }, async (url, init) => {
      if (url !== tokenEndpoint) return fetch(url, init);
      if (replayed) throw new Error('token response already consumed');
      replayed = true;
      return new Response(response.body, { status: response.status, headers: response.headers });
    });
    oidc.enableNonRepudiationChecks(validate);

    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(validate, currentUrl, grantChecks);
      claims = tokens.claims();
    } catch (err) {
      throw translate(err);
    }
    if (!claims) throw new MicrosoftSignInError('invalid_token', 'No ID token was returned.');
    if (claims.tid !== tid) throw new MicrosoftSignInError('invalid_token', 'The ID token tenant changed.');
    const oid = claims.oid;
    if (typeof oid !== 'string' || !GUID.test(oid)) {
      throw new MicrosoftSignInError('invalid_token', 'The ID token has no valid oid claim.');
    }
    const email = typeof claims.email === 'string' && claims.email.length > 0 ? claims.email : null;
    return {
      tid,
      oid,
      email,
      emailVerified: email !== null && claims.xms_edov === true,
      name: typeof claims.name === 'string' ? claims.name : null,
    };
  }

  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= this.performDiscovery().catch((err: unknown) => {
      this.configuration = undefined;
      throw err;
    });
    return this.configuration;
  }

  private async performDiscovery(): Promise<oidc.Configuration> {
    const authority = new URL(this.options.authority.replace(/\/+$/, ''));
    const wellKnown = new URL(`${authority.href}/.well-known/openid-configuration`);
    let discovered: oidc.Configuration;
    try {
      discovered = await oidc.discovery(wellKnown, this.options.clientId, this.options.clientSecret, undefined, {
        execute: this.options.allowInsecureRequests ? [oidc.allowInsecureRequests] : [],
      });
    } catch (err) {
      throw new MicrosoftSignInError('discovery_failed', 'Microsoft sign-in metadata could not be loaded.', { cause: err });
    }
    const metadata = discovered.serverMetadata();
    const expected = expectedIssuer(authority);
    if (metadata.issuer !== expected) {
      throw new MicrosoftSignInError(
        'discovery_failed',
        `Microsoft sign-in metadata names issuer ${metadata.issuer}, expected ${expected}.`,
      );
    }
    if (!metadata.token_endpoint || !metadata.jwks_uri) {
      throw new MicrosoftSignInError('discovery_failed', 'Microsoft sign-in metadata lacks token_endpoint or jwks_uri.');
    }
    return discovered;
  }

  private configure(metadata: oidc.ServerMetadata, fetchImpl: oidc.CustomFetch): oidc.Configuration {
    const config = new oidc.Configuration(metadata, this.options.clientId, this.options.clientSecret);
    if (this.options.allowInsecureRequests) oidc.allowInsecureRequests(config);
    config[oidc.customFetch] = fetchImpl;
    return config;
  }
}

/** `<origin>/organizations/v2.0` → `<origin>/{tenantid}/v2.0`; a tenant-specific authority is its own issuer. */
function expectedIssuer(authority: URL): string {
  const segments = authority.pathname.split('/').filter(Boolean);
  if (segments.length > 0 && MULTI_TENANT_SEGMENTS.has(segments[0].toLowerCase())) {
    return `${authority.origin}/${[TENANT_PLACEHOLDER, ...segments.slice(1)].join('/')}`;
  }
  return authority.href;
}

function plainMetadata(config: oidc.Configuration): oidc.ServerMetadata {
  const { supportsPKCE: _helper, ...metadata } = config.serverMetadata();
  return metadata;
}

function unverifiedTid(captured: { status: number; body: string }): string {
  if (captured.status !== 200) {
    let error = 'token_error';
    try {
      error = String((JSON.parse(captured.body) as { error?: unknown }).error ?? error);
    } catch {
      // not JSON
    }
    throw new MicrosoftSignInError('token_exchange_failed', `The token endpoint refused the code (${error}).`);
  }
  let tid: unknown;
  try {
    const { id_token: idToken } = JSON.parse(captured.body) as { id_token?: unknown };
    if (typeof idToken !== 'string') throw new Error('no id_token');
    const payload = idToken.split('.')[1] ?? '';
    tid = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tid?: unknown }).tid;
  } catch (cause) {
    throw new MicrosoftSignInError('invalid_token', 'The token response has no readable ID token.', { cause });
  }
  if (typeof tid !== 'string' || !GUID.test(tid)) {
    throw new MicrosoftSignInError('invalid_token', 'The ID token has no valid tid claim.');
  }
  return tid;
}

function translate(err: unknown): MicrosoftSignInError {
  if (err instanceof MicrosoftSignInError) return err;
  if (err instanceof oidc.AuthorizationResponseError) {
    return new MicrosoftSignInError('authorization_denied', `Microsoft sign-in was not completed (${err.error}).`, {
      cause: err,
    });
  }
  if (err instanceof oidc.ResponseBodyError) {
    return new MicrosoftSignInError('token_exchange_failed', `The token endpoint refused the code (${err.error}).`, {
      cause: err,
    });
  }
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'OAUTH_INVALID_RESPONSE' && /"state"/.test(describe(err))) {
    return new MicrosoftSignInError('state_mismatch', 'The sign-in response does not belong to this session.', { cause: err });
  }
  return new MicrosoftSignInError('invalid_token', `The Microsoft sign-in response was refused: ${message}.`, { cause: err });
}

function describe(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error && parts.length < 5; e = e.cause) parts.push(e.message);
  return parts.join(' | ');
}

class CaptureSignal extends Error {}

function isCause(err: unknown, target: Error): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e === target) return true;
  }
  return false;
}

/** Constant-time comparison (the length aside) of a value sent by the browser with the one kept. */
export function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
