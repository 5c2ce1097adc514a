import {
  Admin,
  aStrongPassword,
  anEmail,
  INVALID_LINK_MESSAGE,
  MANAGE_PERMISSIONS,
  paths,
  TestApp,
  TestAppOptions,
  TenantUserAccount,
  tokenOf,
  unique,
} from './test-app';

/**
 * The shared set-up of the end-to-end tests: one running app per describe block and the worlds
 * most tests start from (an MSP with its admin, a tenant whose link is enabled). Each test file
 * builds on these instead of carrying its own copy.
 */

/**
 * Starts the app before the tests of the enclosing describe block (or file) and closes it after
 * them. The returned handle stands for that app (a proxy, so that a file can keep it in a const
 * from the start): it can be used in hooks and tests, not while the tests are being declared. Options may be a function, read when the app starts (for values
 * that an earlier beforeAll sets up, such as a local identity provider).
 */
export function useTestApp(options: TestAppOptions | (() => TestAppOptions) = {}): TestApp {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await TestApp.start(typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    await app?.close();
    app = undefined;
  });
  return new Proxy({} as TestApp, {
    get(_target, property) {
      if (!app) throw new Error('useTestApp: the app runs only inside the hooks and tests of its describe block');
      const value: unknown = Reflect.get(app, property, app);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(app) : value;
    },
  });
}

/** An MSP and a signed-in admin of it (managing permissions unless others are given). */
export async function anMspWithAdmin(
  t: TestApp,
  permissions: readonly string[] = MANAGE_PERMISSIONS,
): Promise<{ msp: { id: string; name: string }; mspId: string; admin: Admin }> {
  const msp = await t.createMsp();
  const admin = await t.createAdmin(msp.id, permissions);
  return { msp, mspId: msp.id, admin };
}

/** An MSP, a signed-in managing admin and one tenant of the MSP, with their ids at hand. */
export async function anMspWithTenant(t: TestApp): Promise<{
  msp: { id: string; name: string };
  mspId: string;
  admin: Admin;
  tenant: { id: string; name: string; mspId: string };
  tenantId: string;
}> {
  const { msp, admin, tenant } = await t.anMspWithTenant();
  return { msp, mspId: msp.id, admin, tenant, tenantId: tenant.id };
}

export interface LinkSettings {
  readonly defaultRoleId?: string;
  readonly allowedDomains?: string[] | string;
  readonly allowedMicrosoftTenantIds?: string[] | string;
  /** Needs a mail server (the app started with SMTP_URL). */
  readonly requireEmailVerification?: boolean;
}

/** Enables the link of a tenant (default role `member` unless given); returns its URL and token. */
export async function enableLink(
  t: TestApp,
  by: string,
  tenantId: string,
  settings: LinkSettings = {},
): Promise<{ url: string; token: string }> {
  const response = await t.as(by).put(paths.inviteLink(tenantId)).send({ enabled: true, defaultRoleId: 'member', ...settings });
  if (response.status !== 200) throw new Error(`Could not enable the link: ${response.status} ${JSON.stringify(response.body)}`);
  const url = response.body.url as string;
  return { url, token: tokenOf(url) };
}

/** A new tenant of the admin's MSP whose invite link is enabled. */
export async function aTenantWithLink(
  t: TestApp,
  admin: Admin,
  settings: LinkSettings = {},
  name = unique('Joinable'),
): Promise<{ tenant: { id: string; name: string; mspId: string }; tenantId: string; url: string; token: string }> {
  const tenant = await t.createTenant(admin.mspId, name, admin.token);
  return { tenant, tenantId: tenant.id, ...(await enableLink(t, admin.token, tenant.id, settings)) };
}

export interface ListedUser {
  readonly userId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly roleId: string;
  readonly joinedVia: string;
  readonly signInMethod: string;
}

/** The first 100 users of a tenant, as `by` reads them. */
export async function usersOf(t: TestApp, by: string, tenantId: string): Promise<ListedUser[]> {
  const response = await t.as(by).get(`${paths.users(tenantId)}?limit=100`);
  if (response.status !== 200) throw new Error(`Could not list the users: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.items as ListedUser[];
}

/** The public look-up answers the token with exactly the R16 404. */
export async function expectInvalidLink(t: TestApp, token: string): Promise<void> {
  const response = await t.anonymous().get(paths.publicLink(token));
  expect({ status: response.status, body: response.body }).toEqual({
    status: 404,
    body: { statusCode: 404, message: INVALID_LINK_MESSAGE, error: 'Not Found', code: 'invalid_invite_link' },
  });
}

/** A valid signup body for the JSON API, with a fresh email and password. */
export function aSignup(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const password = aStrongPassword();
  return {
    firstName: 'Nia',
    lastName: 'Newcomer',
    email: anEmail('joiner'),
    password,
    passwordConfirmation: password,
    acceptTerms: true,
    ...overrides,
  };
}

/** The same for the join page's form (urlencoded strings, the terms box ticked). */
export function aJoinForm(overrides: Record<string, string> = {}): Record<string, string> {
  const { acceptTerms: _ticked, ...fields } = aSignup({ firstName: 'Nina' }) as Record<string, string>;
  return { ...fields, acceptTerms: 'yes', ...overrides };
}

/**
 * One of every kind of caller R20 tells apart, around one MSP and its tenant: a managing admin,
 * an admin with `view_audit_log` only, a user of the tenant, and the admin of another MSP.
 */
export async function everyKindOfCaller(t: TestApp): Promise<{
  msp: { id: string; name: string };
  tenant: { id: string; name: string; mspId: string };
  manager: Admin;
  auditor: Admin;
  tenantUser: TenantUserAccount & { token: string };
  other: { msp: { id: string; name: string }; admin: Admin; tenant: { id: string; name: string; mspId: string } };
}> {
  const { msp, admin: manager, tenant } = await t.anMspWithTenant();
  const auditor = await t.createAdmin(msp.id, ['view_audit_log']);
  const tenantUser = await t.createTenantUser(tenant.id, manager.token, 'tenant_admin');
  const other = await t.anMspWithTenant();
  return { msp, tenant, manager, auditor, tenantUser, other };
}
