// A local identity provider shaped like Microsoft Entra ID's multi-tenant v2 endpoint, for tests.
//
// Entra serves one discovery document at `<base>/organizations/v2.0/.well-known/openid-configuration`
// whose `issuer` is the literal template `<base>/{tenantid}/v2.0`, while every ID token carries the
// concrete issuer `<base>/<tid>/v2.0` of the user's tenant. oidc-provider has exactly one issuer per
// instance, so this runs one Provider per tenant, mounted under `/<tid>/v2.0` with a shared signing
// key, behind a small router that serves the `organizations` document and endpoints:
//   /organizations/oauth2/v2.0/authorize  -> 302 to the signing-in user's tenant provider
//   /organizations/oauth2/v2.0/token      -> proxied to the tenant provider that issued the code
//   /organizations/discovery/v2.0/keys    -> the shared JWKS
// The `iss` authorization response parameter (RFC 9207), which Entra does not send, is stripped.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

export interface EntraUser {
  tid: string;
  oid: string;
  email?: string;
  xms_edov?: boolean;
  preferred_username?: string;
  name?: string;
}

export interface EntraClientRegistration {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

type Claims = Record<string, unknown>;

/** Rewrites the claims of the next ID token returned by the token endpoint (re-signed with the real key). */
export type IdTokenTamper = (claims: Claims, ctx: { base: string }) => Claims;

// oidc-provider ships no type declarations; this is the small surface used here.
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ uid: string; params: Claims }>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Claims,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: new (props: { accountId: string; clientId: string }) => {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  };
  on(event: string, listener: (...args: unknown[]) => void): void;
}
type ProviderCtor = new (issuer: string, configuration: Claims) => OidcProvider;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const oidcProviderModule = require('oidc-provider') as { default?: ProviderCtor } & ProviderCtor;
const Provider: ProviderCtor = oidcProviderModule.default ?? oidcProviderModule;

const b64u = (input: Buffer | string) => Buffer.from(input).toString('base64url');

export class EntraProvider {
  /** The user the next authorization request signs in (auto-consented). */
  nextUser: EntraUser | undefined;
  /** If set, applied once to the ID token of the next successful token response. */
  tamperNextIdToken: IdTokenTamper | undefined;

  private server: Server | undefined;
  private baseUrl = '';
  private readonly privateKey: KeyObject;
  private readonly publicJwk: Claims;
  private readonly kid = randomUUID();
  private readonly providers = new Map<string, OidcProvider>();
  private readonly users = new Map<string, EntraUser>();
  private readonly codeTenants = new Map<string, string>();

  constructor(private readonly client: EntraClientRegistration) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicJwk = { ...publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' };
  }

  /** e.g. http://127.0.0.1:54321 */
  get base(): string {
    return this.baseUrl;
  }

  /** What MICROSOFT_AUTHORITY would be for this provider. */
  get authority(): string {
    return `${this.baseUrl}/organizations/v2.0`;
  }

  issuerFor(tid: string): string {
    return `${this.baseUrl}/${tid}/v2.0`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  /**
   * Signs `nextUser` in: follows the authorization URL through the provider (authorize, interaction,
   * resume) until it redirects to the client's redirect URI, and returns that callback URL.
   */
  async signIn(authorizationUrl: string | URL, user?: EntraUser): Promise<URL> {
    if (user) this.nextUser = user;
    const cookies = new Map<string, string>();
    let url = new URL(authorizationUrl);
    for (let hop = 0; hop < 10; hop++) {
      if (url.href.startsWith(this.client.redirectUri)) return url;
      const response = await fetch(url, {
        redirect: 'manual',
        headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair.indexOf('=');
        cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
      }
      const location = response.headers.get('location');
      if (!location) {
        throw new Error(`sign-in stopped at ${url.pathname} with ${response.status}: ${await response.text()}`);
      }
      url = new URL(location, url);
    }
    throw new Error('too many redirects during sign-in');
  }

  /** Signs arbitrary claims with the provider's real key (for forged-but-validly-signed tokens). */
  signIdToken(claims: Claims): string {
    const header = b64u(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.kid }));
    const payload = b64u(JSON.stringify(claims));
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), this.privateKey);
    return `${header}.${payload}.${b64u(signature)}`;
  }

  private providerFor(tid: string): OidcProvider {
    let provider = this.providers.get(tid);
    if (provider) return provider;
    const mount = `/${tid}/v2.0`;
    provider = new Provider(this.issuerFor(tid), {
      clients: [
        {
          client_id: this.client.clientId,
          client_secret: this.client.clientSecret,
          redirect_uris: [this.client.redirectUri],
          response_types: ['code'],
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      jwks: { keys: [{ ...this.privateKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }] },
      pkce: { required: () => true },
      responseTypes: ['code'],
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      claims: {
        openid: ['sub', 'tid', 'oid'],
        email: ['email', 'xms_edov'],
        profile: ['name', 'preferred_username'],
      },
      // Entra puts the profile claims in the ID token itself.
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: false } },
      cookies: { keys: [randomUUID()] },
      ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${mount}/interaction/${interaction.uid}` },
      findAccount: (_ctx: unknown, accountId: string) => {
        const user = this.users.get(accountId);
        if (!user) return undefined;
        return {
          accountId,
          claims: () => ({
            sub: user.oid,
            tid: user.tid,
            oid: user.oid,
            email: user.email,
            xms_edov: user.xms_edov,
            name: user.name,
            preferred_username: user.preferred_username ?? user.email,
          }),
        };
      },
    });
    provider.on('server_error', (_ctx: unknown, err: unknown) => console.error('entra-provider', err));
    this.providers.set(tid, provider);
    return provider;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const path = url.pathname;

    if (path === '/organizations/v2.0/.well-known/openid-configuration') {
      return json(res, 200, this.organizationsMetadata());
    }
    if (path === '/organizations/discovery/v2.0/keys') {
      return json(res, 200, { keys: [this.publicJwk] });
    }
    if (path === '/organizations/oauth2/v2.0/authorize') {
      const user = this.nextUser;
      if (!user) return json(res, 400, { error: 'invalid_request', error_description: 'no nextUser' });
      this.users.set(`${user.tid}:${user.oid}`, user);
      this.providerFor(user.tid);
      res.writeHead(302, { location: `${this.issuerFor(user.tid)}/auth${url.search}` }).end();
      return;
    }
    if (path === '/organizations/oauth2/v2.0/token' && req.method === 'POST') {
      return this.proxyToken(req, res);
    }

    const match = /^\/([^/]+)\/v2\.0(\/.*)$/.exec(path);
    const provider = match ? this.providers.get(match[1]) : undefined;
    if (!match || !provider) return json(res, 404, { error: 'not_found' });
    const [, tid, rest] = match;

    if (/^\/interaction\/[^/]+$/.test(rest)) {
      return this.autoLogin(provider, tid, req, res);
    }

    // Remember which tenant issued each code, and drop the RFC 9207 `iss` parameter as Entra does.
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name: string, value: number | string | readonly string[]) => {
      if (name.toLowerCase() === 'location' && typeof value === 'string' && value.startsWith(this.client.redirectUri)) {
        const location = new URL(value);
        const code = location.searchParams.get('code');
        if (code) this.codeTenants.set(code, tid);
        location.searchParams.delete('iss');
        return setHeader(name, location.href);
      }
      return setHeader(name, value);
    };
    const original = req.url ?? '/';
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = original;
    req.url = original.slice(`/${tid}/v2.0`.length) || '/';
    provider.callback()(req, res);
  }

  private async autoLogin(provider: OidcProvider, tid: string, req: IncomingMessage, res: ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    const user = this.nextUser;
    if (!user || user.tid !== tid) throw new Error('interaction without a matching nextUser');
    const accountId = `${user.tid}:${user.oid}`;
    const clientId = String(details.params.client_id);
    const grant = new provider.Grant({ accountId, clientId });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  private async proxyToken(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const code = new URLSearchParams(body).get('code') ?? '';
    // An unknown code goes to any tenant's provider, which refuses it like Entra would.
    const tid = this.codeTenants.get(code) ?? this.providers.keys().next().value;
    if (!tid) return json(res, 400, { error: 'invalid_grant' });
    const headers: Record<string, string> = { 'content-type': String(req.headers['content-type']) };
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const upstream = await fetch(`${this.issuerFor(tid)}/token`, { method: 'POST', headers, body });
    const payload = (await upstream.json()) as Claims;

    const tamper = this.tamperNextIdToken;
    if (upstream.ok && tamper && typeof payload.id_token === 'string') {
      this.tamperNextIdToken = undefined;
      const claims = JSON.parse(Buffer.from(payload.id_token.split('.')[1], 'base64url').toString('utf8')) as Claims;
      payload.id_token = this.signIdToken(tamper(claims, { base: this.baseUrl }));
    }
    return json(res, upstream.status, payload);
  }

  private organizationsMetadata(): Claims {
    const base = this.baseUrl;
    return {
      issuer: `${base}/{tenantid}/v2.0`,
      authorization_endpoint: `${base}/organizations/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/organizations/oauth2/v2.0/token`,
      jwks_uri: `${base}/organizations/discovery/v2.0/keys`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      token_endpoint_auth_methods_supported: ['client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'tid', 'oid', 'email', 'xms_edov', 'name', 'preferred_username'],
      tenant_region_scope: null,
      cloud_instance_name: 'microsoftonline.com',
    };
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function startEntraProvider(client: EntraClientRegistration): Promise<EntraProvider> {
  const provider = new EntraProvider(client);
  await provider.start();
  return provider;
}
