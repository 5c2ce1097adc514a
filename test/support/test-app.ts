import { ChildProcess, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { RecordedEvent } from '../../src/shared/application/event-store.port';
import type { ChildMessage, ParentMessage } from './app-process';
import { checkResponseOf, OpenApiDocument, OpenApiResponseValidator, validatorFor } from './openapi-responses';

export const MANAGE_PERMISSIONS = ['manage_user_roles', 'manage_own_entity_users', 'manage_tenant_user_roles'];
export const ALL_PERMISSIONS = [...MANAGE_PERMISSIONS, 'view_audit_log'];
export const PUBLIC_BASE_URL = 'http://invites.test';
/** R16, word for word. */
export const INVALID_LINK_MESSAGE =
  'This invite link is not valid or has been deactivated. Please contact your administrator.';
/** R9, word for word. */
export const SSO_MESSAGE = 'Not available - SSO is configured for this tenant.';

/**
 * A clock the test drives (the app's `Clock`, used for every event's `at`). Until `set` is
 * called it follows real time; afterwards it stands still at the instant set, and `advance`
 * moves it forward. The app process reads the instant from a file on every `now()`, so a
 * change is in effect as soon as the call returns.
 */
export class TestClock {
  private fixed: number | null = null;

  constructor(private readonly file: string) {
    writeFileSync(file, '');
  }

  now(): Date {
    return new Date(this.fixed ?? Date.now());
  }

  set(at: Date | string): Date {
    return this.fix(new Date(at).getTime());
  }

  advance(ms: number): Date {
    return this.fix((this.fixed ?? Date.now()) + ms);
  }

  useRealTime(): void {
    this.fixed = null;
    writeFileSync(this.file, '');
  }

  private fix(epochMs: number): Date {
    if (!Number.isFinite(epochMs)) throw new Error('TestClock: not a valid instant');
    this.fixed = epochMs;
    writeFileSync(this.file, String(epochMs));
    return this.now();
  }
}

export interface TestAppOptions {
  /** Give the app a controllable clock (`testApp.clock`), for `?at=` histories. */
  readonly controllableClock?: boolean;
  readonly logLevel?: string;
  /**
   * 'explicit' (default): SESSION_SECRET and TOKEN_SECRET are given as variables.
   * 'generated': they are left unset, so the app generates and keeps them in DATA_DIR.
   */
  readonly secrets?: 'explicit' | 'generated';
  /** Extra environment variables for loadConfig. */
  readonly env?: Record<string, string>;
}

export interface Admin {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly token: string;
  readonly mspId: string;
  readonly permissions: readonly string[];
}

export interface TenantUserAccount {
  readonly userId: string;
  readonly email: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly roleId: string;
}

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch';

/** Request builders with (or without) a bearer token already set. */
export interface Client {
  get(path: string): request.Test;
  post(path: string): request.Test;
  put(path: string): request.Test;
  delete(path: string): request.Test;
  patch(path: string): request.Test;
  send(method: Method, path: string): request.Test;
}

let sequence = 0;
/** A unique, readable suffix for names and emails. */
export function unique(prefix = 'x'): string {
  sequence += 1;
  return `${prefix}-${sequence}-${randomBytes(3).toString('hex')}`;
}

/** A password that satisfies R13 and is different every time. */
export function aStrongPassword(): string {
  return `Str0ng!${randomBytes(6).toString('base64url')}`;
}

export function anEmail(prefix = 'user'): string {
  return `${unique(prefix)}@example.org`;
}

/** The token part of an invite URL. */
export function tokenOf(url: string | null): string {
  if (!url) throw new Error('The invite link has no url');
  const match = /\/join\/([^/?#]+)$/.exec(url);
  if (!match) throw new Error(`Not an invite url: ${url}`);
  return match[1];
}

const STARTUP_TIMEOUT_MS = 20_000;
const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * The real application (createApp + loadConfig, as in main.ts), listening on 127.0.0.1 on an
 * ephemeral port with its own temporary DATA_DIR (embedded SQLite event store and read models).
 *
 * It runs in a child process (test/support/app-process.ts), so that its log stream, its
 * process lifecycle and its module loading (Node 20.20 loads the ESM-only NestJS 12 through
 * require(esm)) are the production ones. The child's stdout and stderr are captured: see
 * `output()`.
 */
export class TestApp {
  readonly operatorToken = `op-${randomBytes(24).toString('base64url')}`;
  readonly sessionSecret = randomBytes(32).toString('base64url');
  readonly tokenSecret = randomBytes(32).toString('base64url');
  /** Holds DATA_DIR and the clock file. */
  readonly rootDir: string;
  readonly dataDir: string;
  readonly clock: TestClock;
  /** http://127.0.0.1:<port> of the running instance. */
  url!: string;

  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextMessageId = 1;
  private readonly captured: string[] = [];
  /** Events of this app that do not match docs/events: refused appends and stored events alike. */
  private readonly schemaViolations = new Set<string>();
  /** Answers that do not match the OpenAPI document this app serves (test/support/openapi-responses.ts). */
  private readonly responseViolations = new Set<string>();
  /** Documented operations that answered a client of this app with a 2xx matching the document. */
  private readonly answeredOperations = new Set<string>();
  private responses: OpenApiResponseValidator | undefined;
  /** Variables changed by `restart(env)`, over the options' (undefined: removed). */
  private envChanges: Readonly<Record<string, string | undefined>> = {};

  private constructor(private readonly options: TestAppOptions) {
    this.rootDir = mkdtempSync(join(tmpdir(), 'invite-links-e2e-'));
    this.dataDir = join(this.rootDir, 'data');
    mkdirSync(this.dataDir);
    this.clock = new TestClock(join(this.rootDir, 'clock'));
  }

  static async start(options: TestAppOptions = {}): Promise<TestApp> {
    const testApp = new TestApp(options);
    try {
      await testApp.boot();
      await testApp.loadOpenApiDocument();
    } catch (error) {
      await testApp.close();
      throw error;
    }
    return testApp;
  }

  /** The environment given to loadConfig({...}) in the app process. */
  env(): Record<string, string> {
    const env: Record<string, string> = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: this.dataDir,
      PUBLIC_BASE_URL: PUBLIC_BASE_URL,
      OPERATOR_TOKEN: this.operatorToken,
      ...(this.options.secrets === 'generated'
        ? {}
        : { SESSION_SECRET: this.sessionSecret, TOKEN_SECRET: this.tokenSecret }),
      SEED_DEMO: 'false',
      // The checkpointer appends on its own schedule; tests that want it turn it on (env).
      AUDIT_CHECKPOINTS: 'off',
      LOG_LEVEL: this.options.logLevel ?? 'silent',
      ...this.options.env,
    };
    for (const [name, value] of Object.entries(this.envChanges)) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    return env;
  }

  /** Every answer of the clients below is checked against the document the app serves. */
  private async loadOpenApiDocument(): Promise<void> {
    const response = await request(this.url).get('/api/docs-json');
    if (response.status !== 200) throw new Error(`The app serves no OpenAPI document: ${response.status}`);
    this.responses = validatorFor(response.body as OpenApiDocument);
  }

  /** `METHOD /path` of every documented operation that has answered this app's clients with a 2xx. */
  documentedOperationsAnswered(): ReadonlySet<string> {
    return this.answeredOperations;
  }

  /** Everything the app process wrote to stdout and stderr (its logs), across restarts. */
  output(): string {
    return this.captured.join('');
  }

  private boot(): Promise<void> {
    const child = fork(join(__dirname, 'app-process.ts'), [], {
      execArgv: ['--require', join(__dirname, 'register-ts.js'), '--disable-warning=ExperimentalWarning'],
      env: {
        PATH: process.env.PATH ?? '',
        // Also as the process's environment, as main.ts has it: a few settings are read from
        // there rather than from loadConfig (rate limits, the mail outbox's and the recovery
        // job's timing), and a test that sets one of them must get it.
        ...this.env(),
        TEST_APP_ENV: JSON.stringify(this.env()),
        ...(this.options.controllableClock ? { TEST_APP_CLOCK_FILE: join(this.rootDir, 'clock') } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.captured.push(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => this.captured.push(chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => {
      if (this.child === child) this.child = undefined;
      for (const { reject } of this.pending.values()) reject(new Error('The app process exited'));
      this.pending.clear();
    });

    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The app did not start in time:\n${this.output()}`)), STARTUP_TIMEOUT_MS);
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          this.url = `http://127.0.0.1:${message.port}`;
          resolve();
        } else if (message.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(`The app failed to start: ${message.message}`));
        } else if (message.type === 'eventSchemaViolation') {
          for (const violation of message.violations) this.schemaViolations.add(violation);
        } else {
          const waiter = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) waiter?.reject(new Error(message.error));
          else waiter?.resolve(message.result);
        }
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`The app process exited during start:\n${this.output()}`));
      });
    });
  }

  private ask<T>(type: ParentMessage['type']): Promise<T> {
    const child = this.child;
    if (!child) return Promise.reject(new Error('The app is not running'));
    const id = this.nextMessageId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, type } satisfies ParentMessage);
    });
  }

  /** Requests without credentials. */
  anonymous(): Client {
    return this.client();
  }

  /** Requests with `Authorization: Bearer $OPERATOR_TOKEN`. */
  operator(): Client {
    return this.client(this.operatorToken);
  }

  /** Requests with `Authorization: Bearer <token>`. */
  as(token: string): Client {
    return this.client(token);
  }

  /** Requests with a raw Authorization header (for malformed values). */
  withAuthorization(header: string): Client {
    return this.client(undefined, header);
  }

  private client(token?: string, rawHeader?: string): Client {
    const send = (method: Method, path: string): request.Test => {
      const test = checkResponseOf(
        request(this.url)[method](path),
        method,
        path,
        () => this.responses,
        (problems) => problems.forEach((problem) => this.responseViolations.add(problem)),
        (operation) => this.answeredOperations.add(operation),
      );
      if (rawHeader !== undefined) test.set('Authorization', rawHeader);
      else if (token !== undefined) test.set('Authorization', `Bearer ${token}`);
      return test;
    };
    return {
      send,
      get: (path) => send('get', path),
      post: (path) => send('post', path),
      put: (path) => send('put', path),
      delete: (path) => send('delete', path),
      patch: (path) => send('patch', path),
    };
  }

  async signIn(email: string, password: string): Promise<string> {
    const response = await this.anonymous().post('/api/v1/auth/sign-in').send({ email, password });
    if (response.status !== 200) {
      throw new Error(`Sign-in of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response.body.accessToken as string;
  }

  // ---- object mothers -------------------------------------------------------------------

  async createMsp(name = unique('MSP')): Promise<{ id: string; name: string }> {
    return this.expectCreated(this.operator().post('/api/v1/msps').send({ name }), 'create MSP');
  }

  async createAdmin(mspId: string, permissions: readonly string[] = MANAGE_PERMISSIONS): Promise<Admin> {
    const email = anEmail('admin');
    const password = aStrongPassword();
    const { id } = await this.expectCreated<{ id: string }>(
      this.operator()
        .post(`/api/v1/msps/${mspId}/admins`)
        .send({ email, password, firstName: 'Ada', lastName: 'Admin', permissions }),
      'create MSP admin',
    );
    const token = await this.signIn(email, password);
    return { id, email, password, token, mspId, permissions };
  }

  /** Created by `by` (an admin's session token) or by the operator. */
  async createTenant(mspId: string, name = unique('Tenant'), by?: string): Promise<{ id: string; name: string; mspId: string }> {
    const client = by ? this.as(by) : this.operator();
    return this.expectCreated(client.post(`/api/v1/msps/${mspId}/tenants`).send({ name }), 'create tenant');
  }

  async addTenantUser(
    tenantId: string,
    by: string,
    overrides: Partial<Omit<TenantUserAccount, 'userId'>> = {},
  ): Promise<TenantUserAccount> {
    const account = {
      email: overrides.email ?? anEmail('member'),
      password: overrides.password ?? aStrongPassword(),
      firstName: overrides.firstName ?? 'Terry',
      lastName: overrides.lastName ?? 'Tenant',
      roleId: overrides.roleId ?? 'member',
    };
    const { userId } = await this.expectCreated<{ userId: string }>(
      this.as(by).post(`/api/v1/tenants/${tenantId}/users`).send(account),
      'add tenant user',
    );
    return { userId, ...account };
  }

  /** A signed-in tenant user (no MSP permissions) of the tenant. */
  async createTenantUser(tenantId: string, by: string, roleId = 'tenant_admin'): Promise<TenantUserAccount & { token: string }> {
    const user = await this.addTenantUser(tenantId, by, { roleId });
    return { ...user, token: await this.signIn(user.email, user.password) };
  }

  /** An MSP with a managing admin and one tenant: the usual starting point. */
  async anMspWithTenant(): Promise<{
    msp: { id: string; name: string };
    admin: Admin;
    tenant: { id: string; name: string; mspId: string };
  }> {
    const msp = await this.createMsp();
    const admin = await this.createAdmin(msp.id);
    const tenant = await this.createTenant(msp.id, unique('Tenant'), admin.token);
    return { msp, admin, tenant };
  }

  /** Number of events in the store: the app's EVENT_STORE `readAll()` length. */
  countEvents(): Promise<number> {
    return this.ask<number>('countEvents');
  }

  /** Every stored event, through the app's EVENT_STORE `readAll()`. */
  readAllEvents(): Promise<RecordedEvent[]> {
    return this.ask<RecordedEvent[]>('readAll');
  }

  /**
   * Stops the app and removes its DATA_DIR. Fails when the app wrote (or tried to write) an event
   * that does not match its schema in docs/events: every e2e file closes its app in an afterAll,
   * so such a file fails even if the request that wrote the event looked fine to its test. Fails
   * too when an answer did not match the OpenAPI document's response for its operation and status.
   */
  async close(): Promise<void> {
    await this.stop();
    rmSync(this.rootDir, { recursive: true, force: true });
    if (this.schemaViolations.size > 0) {
      throw new Error(`The app wrote events that do not match docs/events:\n${[...this.schemaViolations].join('\n')}`);
    }
    if (this.responseViolations.size > 0) {
      throw new Error(`The app answered differently from its OpenAPI document:\n${[...this.responseViolations].join('\n')}`);
    }
  }

  /**
   * A new instance on the same DATA_DIR and secrets, as after a process restart. `env` changes
   * variables for it and the instances after it (undefined removes one), as an operator who
   * changed the configuration would.
   */
  async restart(env: Readonly<Record<string, string | undefined>> = {}): Promise<void> {
    this.envChanges = { ...this.envChanges, ...env };
    await this.stop();
    await this.boot();
  }

  /** Graceful shutdown (app.close() in the app process); SIGKILL if it hangs. */
  private async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_TIMEOUT_MS);
    try {
      // The whole store, also events appended before the check was in place (at start-up). A
      // store the test broke on purpose cannot be read: its refused appends were reported already.
      const stored = await Promise.race([this.ask<string[]>('eventSchemaViolations').catch(() => []), this.exited.then(() => [])]);
      for (const violation of stored) this.schemaViolations.add(violation);
      await Promise.race([this.ask('close').catch(() => undefined), this.exited]);
      await this.exited;
    } finally {
      clearTimeout(timer);
      this.child = undefined;
    }
  }

  private async expectCreated<T>(test: request.Test, what: string): Promise<T> {
    const response = await test;
    if (response.status !== 201) {
      throw new Error(`Could not ${what}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response.body as T;
  }
}

/** Paths of the invite link API of a tenant. */
export const paths = {
  msps: () => '/api/v1/msps',
  admins: (mspId: string) => `/api/v1/msps/${mspId}/admins`,
  tenants: (mspId: string) => `/api/v1/msps/${mspId}/tenants`,
  roles: (tenantId: string) => `/api/v1/tenants/${tenantId}/roles`,
  sso: (tenantId: string) => `/api/v1/tenants/${tenantId}/sso`,
  cancel: (tenantId: string) => `/api/v1/tenants/${tenantId}/cancel`,
  users: (tenantId: string) => `/api/v1/tenants/${tenantId}/users`,
  inviteLink: (tenantId: string) => `/api/v1/tenants/${tenantId}/invite-link`,
  regenerate: (tenantId: string) => `/api/v1/tenants/${tenantId}/invite-link/regenerate`,
  history: (tenantId: string) => `/api/v1/tenants/${tenantId}/invite-link/history`,
  publicLink: (token: string) => `/api/v1/invite-links/${encodeURIComponent(token)}`,
  signIn: () => '/api/v1/auth/sign-in',
  me: () => '/api/v1/me',
};

export const aRandomUuid = (): string => randomUUID();

export const SSO_CONFIG = {
  protocol: 'saml',
  entityId: 'https://idp.example.net/metadata',
  ssoUrl: 'https://idp.example.net/sso',
};
