import type request from 'supertest';
import { aTenantWithLink, everyKindOfCaller, useTestApp } from '../support/fixtures';
import { aCsrfPair } from '../support/form-browser';
import { AppRoute, appRoutes, routeKey } from '../support/route-table';
import {
  Admin,
  anEmail,
  aRandomUuid,
  aStrongPassword,
  Client,
  MANAGE_PERMISSIONS,
  paths,
  SSO_CONFIG,
  unique,
} from '../support/test-app';

/**
 * The authorization matrix: every route the app serves × every kind of caller → the status R20
 * and the permission model prescribe. The routes come from the app's own router, and the expected
 * outcomes live in ONE table (MATRIX): a route without a row fails the first test, so a new route
 * cannot ship without saying who may call it.
 *
 * R20: unauthenticated 401; tenant users 403; admins of another MSP 404 (the tenant is not
 * revealed); `view_audit_log` alone reads settings, history and signups but changes nothing (403);
 * the operator creates MSPs and their admins and may use the tenant endpoints of any MSP, but has
 * no account (403 on /me and the pages). Public routes answer everyone alike. Every call carries a
 * valid request, so that nothing but authorization decides; a refused call writes no event.
 */
const CALLERS = ['none', 'tenantUser', 'otherMspAdmin', 'auditor', 'operator', 'manager'] as const;
type Caller = (typeof CALLERS)[number];
type Expected = Readonly<Record<Caller, number>>;

interface Context {
  readonly client: Client;
  readonly mspId: string;
  /** A fresh tenant of the manager's MSP with an enabled invite link, one per call. */
  tenant(): Promise<{ id: string; token: string }>;
  /** Cookie and form token of one browser, for the HTML forms. */
  readonly csrf: { readonly cookie: string; readonly token: string };
  /** An account that can sign in with a password. */
  readonly account: { readonly email: string; readonly password: string };
}

interface Row {
  /** Sends the call (an async function that returns a supertest request sends it). */
  readonly call: (context: Context) => Promise<request.Response>;
  readonly expect: Expected;
}

const row = (call: Row['call'], expected: Expected): Row => ({ call, expect: expected });
const all = (status: number): Expected => ({ none: status, tenantUser: status, otherMspAdmin: status, auditor: status, operator: status, manager: status });
/** Reading settings, history, members: any MSP permission of the tenant's MSP, or the operator. */
const read: Expected = { none: 401, tenantUser: 403, otherMspAdmin: 404, auditor: 200, operator: 200, manager: 200 };
/** Changing anything of a tenant: a manage permission of its MSP, or the operator. */
const manage = (status: number): Expected => ({ none: 401, tenantUser: 403, otherMspAdmin: 404, auditor: 403, operator: status, manager: status });
/** The platform operator's own endpoints. */
const operatorOnly = (status: number): Expected => ({ none: 401, tenantUser: 403, otherMspAdmin: 403, auditor: 403, operator: status, manager: 403 });
/**
 * The admin pages are shells that hold nothing of a tenant (their script asks the API, which
 * answers R20): MSP admins get the page, whatever the tenant id in the URL, so an admin of another
 * MSP learns nothing (see the test that compares a foreign tenant with one that does not exist).
 * Anonymous visitors go to /sign-in; tenant users and the operator (no account) get 403.
 */
const adminPage = (status: number): Expected => ({ none: 303, tenantUser: 403, otherMspAdmin: status, auditor: status, operator: 403, manager: status });

const member = () => ({ email: anEmail('matrix'), password: aStrongPassword(), firstName: 'Mat', lastName: 'Rix', roleId: 'member' });
const signup = () => {
  const password = aStrongPassword();
  return { firstName: 'Sig', lastName: 'Nup', email: anEmail('matrix-signup'), password, passwordConfirmation: password, acceptTerms: true };
};
const form = (c: Context, test: request.Test, fields: Record<string, unknown> = {}) =>
  test.set('Cookie', c.csrf.cookie).type('form').send({ _csrf: c.csrf.token, ...fields });

const MATRIX: Readonly<Record<string, Row>> = {
  // ---- operator and tenant directory --------------------------------------------------------
  'POST /api/v1/msps': row(async (c) => c.client.post(paths.msps()).send({ name: unique('MSP') }), operatorOnly(201)),
  'POST /api/v1/msps/:mspId/admins': row(
    async (c) => c.client.post(paths.admins(c.mspId)).send({ ...member(), roleId: undefined, permissions: ['view_audit_log'] }),
    operatorOnly(201),
  ),
  'POST /api/v1/msps/:mspId/tenants': row(async (c) => c.client.post(paths.tenants(c.mspId)).send({ name: unique('Tenant') }), manage(201)),
  'GET /api/v1/msps/:mspId/tenants': row(async (c) => c.client.get(paths.tenants(c.mspId)), read),
  'GET /api/v1/msps/:mspId/audit-events': row(async (c) => c.client.get(`/api/v1/msps/${c.mspId}/audit-events`), read),
  'GET /api/v1/tenants/:tenantId/roles': row(async (c) => c.client.get(paths.roles((await c.tenant()).id)), read),
  'POST /api/v1/tenants/:tenantId/roles': row(async (c) => c.client.post(paths.roles((await c.tenant()).id)).send({ name: unique('Role') }), manage(201)),
  'PUT /api/v1/tenants/:tenantId/sso': row(async (c) => c.client.put(paths.sso((await c.tenant()).id)).send(SSO_CONFIG), manage(200)),
  'DELETE /api/v1/tenants/:tenantId/sso': row(async (c) => c.client.delete(paths.sso((await c.tenant()).id)), manage(204)),
  'POST /api/v1/tenants/:tenantId/cancel': row(async (c) => c.client.post(paths.cancel((await c.tenant()).id)), manage(200)),
  'POST /api/v1/tenants/:tenantId/users': row(async (c) => c.client.post(paths.users((await c.tenant()).id)).send(member()), manage(201)),
  'GET /api/v1/tenants/:tenantId/users': row(async (c) => c.client.get(paths.users((await c.tenant()).id)), read),

  // ---- invite link administration (R20 proper) ----------------------------------------------
  'GET /api/v1/tenants/:tenantId/invite-link': row(async (c) => c.client.get(paths.inviteLink((await c.tenant()).id)), read),
  'PUT /api/v1/tenants/:tenantId/invite-link': row(
    async (c) => c.client.put(paths.inviteLink((await c.tenant()).id)).send({ defaultRoleId: 'technician' }),
    manage(200),
  ),
  'POST /api/v1/tenants/:tenantId/invite-link/regenerate': row(async (c) => c.client.post(paths.regenerate((await c.tenant()).id)), manage(200)),
  'GET /api/v1/tenants/:tenantId/invite-link/history': row(async (c) => c.client.get(paths.history((await c.tenant()).id)), read),
  'GET /api/v1/tenants/:tenantId/invite-link/stats': row(async (c) => c.client.get(`${paths.inviteLink((await c.tenant()).id)}/stats`), read),

  // ---- accounts ---------------------------------------------------------------------------------
  'POST /api/v1/auth/sign-in': row(async (c) => c.client.post(paths.signIn()).send(c.account), all(200)),
  'GET /api/v1/me': row(async (c) => c.client.get(paths.me()), { ...all(200), none: 401, operator: 403 }),

  // ---- public invite links ------------------------------------------------------------------------
  'GET /api/v1/invite-links/:token': row(async (c) => c.client.get(paths.publicLink((await c.tenant()).token)), all(200)),
  'POST /api/v1/invite-links/:token/signups': row(
    async (c) => c.client.post(`${paths.publicLink((await c.tenant()).token)}/signups`).send(signup()),
    all(201),
  ),
  // Public like the signup: the answer depends on the code or the address, never on the caller.
  'POST /api/v1/email-verifications/confirm': row(
    async (c) => c.client.post('/api/v1/email-verifications/confirm').send({ code: 'A'.repeat(43) }),
    all(404),
  ),
  'POST /api/v1/email-verifications/resend': row(
    async (c) => c.client.post('/api/v1/email-verifications/resend').send({ email: anEmail('matrix-resend') }),
    all(202),
  ),

  // ---- operations and docs ----------------------------------------------------------------------
  'GET /health': row(async (c) => c.client.get('/health'), all(200)),
  'GET /health/live': row(async (c) => c.client.get('/health/live'), all(200)),
  'GET /health/ready': row(async (c) => c.client.get('/health/ready'), all(200)),
  'GET /metrics': row(async (c) => c.client.get('/metrics'), all(200)),
  'GET /api/docs': row(async (c) => c.client.get('/api/docs'), all(200)),
  'GET /api/docs/': row(async (c) => c.client.get('/api/docs/'), all(200)),
  'GET /api/docs/index.html': row(async (c) => c.client.get('/api/docs/index.html'), all(200)),
  'GET /api/docs/swagger-ui-init.js': row(async (c) => c.client.get('/api/docs/swagger-ui-init.js'), all(200)),
  'GET /api/docs/docs/swagger-ui-init.js': row(async (c) => c.client.get('/api/docs/docs/swagger-ui-init.js'), all(200)),
  // @nestjs/swagger registers the route to refuse it (the LICENSE is not served).
  'GET /api/docs/LICENSE': row(async (c) => c.client.get('/api/docs/LICENSE'), all(404)),
  'GET /api/docs-json': row(async (c) => c.client.get('/api/docs-json'), all(200)),
  'GET /api/docs-yaml': row(async (c) => c.client.get('/api/docs-yaml'), all(200)),

  // ---- pages and forms ------------------------------------------------------------------------------
  'GET /join/:token': row(async (c) => c.client.get(`/join/${(await c.tenant()).token}`), all(200)),
  'POST /join/:token': row(async (c) => form(c, c.client.post(`/join/${(await c.tenant()).token}`), { ...signup(), acceptTerms: 'on' }), all(303)),
  'POST /join/:token/resend': row(
    async (c) => form(c, c.client.post(`/join/${(await c.tenant()).token}/resend`), { email: anEmail('matrix-resend') }),
    all(202),
  ),
  // A well-formed code nobody was sent: public pages, the same answer for everyone.
  'GET /verify-email/:code': row(async (c) => c.client.get(`/verify-email/${'A'.repeat(43)}`), all(404)),
  'POST /verify-email/:code': row(async (c) => form(c, c.client.post(`/verify-email/${'A'.repeat(43)}`)), all(404)),
  'GET /sign-in': row(async (c) => c.client.get('/sign-in'), all(200)),
  'POST /sign-in': row(async (c) => form(c, c.client.post('/sign-in'), c.account), all(303)),
  'POST /sign-in/resend-verification': row(
    async (c) => form(c, c.client.post('/sign-in/resend-verification'), { email: anEmail('matrix-resend') }),
    all(202),
  ),
  'POST /sign-out': row(async (c) => form(c, c.client.post('/sign-out')), all(303)),
  'GET /app': row(async (c) => c.client.get('/app'), { ...all(200), none: 303, operator: 403 }),
  'GET /terms': row(async (c) => c.client.get('/terms'), all(200)),
  'GET /privacy': row(async (c) => c.client.get('/privacy'), all(200)),
  'GET /assets/:file': row(async (c) => c.client.get(await assetPath(c)), all(200)),
  'GET /favicon.ico': row(async (c) => c.client.get('/favicon.ico'), all(200)),
  'GET /admin': row(async (c) => c.client.get('/admin'), adminPage(200)),
  'GET /admin/tenants/:tenantId/users': row(async (c) => c.client.get(`/admin/tenants/${(await c.tenant()).id}/users`), adminPage(200)),
  'GET /admin/tenants/:tenantId/invite-link/history': row(
    async (c) => c.client.get(`/admin/tenants/${(await c.tenant()).id}/invite-link/history`),
    adminPage(200),
  ),
  'GET /admin/tenants/:tenantId/invite-link': row(async (c) => c.client.get(`/admin/tenants/${(await c.tenant()).id}/invite-link`), adminPage(303)),

  // ---- Microsoft sign-in: off without MICROSOFT_CLIENT_ID, for everyone alike -------------------
  'POST /join/:token/microsoft': row(async (c) => form(c, c.client.post(`/join/${(await c.tenant()).token}/microsoft`)), all(404)),
  'POST /sign-in/microsoft': row(async (c) => form(c, c.client.post('/sign-in/microsoft')), all(404)),
  'GET /auth/microsoft/callback': row(async (c) => c.client.get('/auth/microsoft/callback?code=x&state=y'), all(404)),
};

let assetCache: string | undefined;
async function assetPath(c: Context): Promise<string> {
  if (!assetCache) {
    const page = await c.client.get('/sign-in');
    assetCache = /(\/assets\/[^"']+)/.exec(page.text)?.[1];
    if (!assetCache) throw new Error('The sign-in page links no asset');
  }
  return assetCache;
}

describe('authorization matrix: every route × every kind of caller (R20)', () => {
  // Every caller hits each resend route once from the same address: 18 requests on one counter.
  const t = useTestApp({ env: { RATE_LIMIT_RESEND_PER_IP: '100' } });
  let served: AppRoute[];
  let mspId: string;
  let manager: Admin;
  const tokens = {} as Record<Exclude<Caller, 'none' | 'operator'>, string>;
  let csrf: { cookie: string; token: string };

  const clientOf = (caller: Caller): Client =>
    caller === 'none' ? t.anonymous() : caller === 'operator' ? t.operator() : t.as(tokens[caller]);

  async function freshTenant(): Promise<{ id: string; token: string }> {
    const { tenantId, token } = await aTenantWithLink(t, manager, {}, unique('Matrix tenant'));
    return { id: tenantId, token };
  }

  beforeAll(async () => {
    served = await appRoutes();
    const cast = await everyKindOfCaller(t);
    mspId = cast.msp.id;
    manager = cast.manager;
    tokens.manager = manager.token;
    tokens.auditor = cast.auditor.token;
    tokens.tenantUser = cast.tenantUser.token;
    tokens.otherMspAdmin = cast.other.admin.token;
    csrf = await aCsrfPair(t);
  }, 60_000);

  it('has exactly one row for each route the app serves', () => {
    const servedKeys = served.map(routeKey);
    const rows = Object.keys(MATRIX);
    expect({ 'routes without a row in MATRIX': servedKeys.filter((key) => !rows.includes(key)) }).toEqual({
      'routes without a row in MATRIX': [],
    });
    expect({ 'rows of routes the app does not serve': rows.filter((key) => !servedKeys.includes(key)) }).toEqual({
      'rows of routes the app does not serve': [],
    });
  });

  it.each(Object.keys(MATRIX).map((key) => [key]))('%s', async (key) => {
    const { call, expect: expected } = MATRIX[key];
    const actual = {} as Record<Caller, number>;
    const writes: string[] = [];
    for (const caller of CALLERS) {
      let before = await t.countEvents();
      const tenant = async () => {
        const created = await freshTenant();
        before = await t.countEvents();
        return created;
      };
      const account = { email: manager.email, password: manager.password };
      const response = await call({ client: clientOf(caller), mspId, tenant, csrf, account });
      actual[caller] = response.status;
      const written = (await t.countEvents()) - before;
      if (response.status >= 400 && written !== 0) writes.push(`${caller}: ${response.status} but wrote ${written} event(s)`);
    }
    expect(actual).toEqual(expected);
    expect(writes).toEqual([]);
  });

  it('gives an admin of another MSP the same answer for a foreign tenant as for one that does not exist, API and pages alike', async () => {
    const foreign = await freshTenant();
    const other = t.as(tokens.otherMspAdmin);
    const stats = (tenantId: string) => `${paths.inviteLink(tenantId)}/stats`;
    for (const path of [paths.inviteLink, paths.history, stats, paths.users, paths.roles]) {
      const [seen, missing, malformed] = await Promise.all([other.get(path(foreign.id)), other.get(path(aRandomUuid())), other.get(path('not-a-uuid'))]);
      expect([path(':id'), seen.status, seen.body]).toEqual([path(':id'), 404, missing.body]);
      expect([path(':id'), malformed.status, malformed.body]).toEqual([path(':id'), 404, missing.body]);
    }
    for (const page of ['users', 'invite-link/history', 'invite-link']) {
      const [seen, missing] = await Promise.all([
        other.get(`/admin/tenants/${foreign.id}/${page}`),
        other.get(`/admin/tenants/${aRandomUuid()}/${page}`),
      ]);
      expect([page, seen.status]).toEqual([page, missing.status]);
      const withoutIds = (html: string) =>
        html.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'ID').replace(/(csrf-token" content=|_csrf" value=)"[^"]+"/g, '$1""');
      expect([page, withoutIds(seen.text)]).toEqual([page, withoutIds(missing.text)]);
    }
  });

  it('grants the change rows to each manage permission alone', async () => {
    for (const permission of MANAGE_PERMISSIONS) {
      const admin = await t.createAdmin(mspId, [permission]);
      const tenant = await freshTenant();
      const updated = await t.as(admin.token).put(paths.inviteLink(tenant.id)).send({ defaultRoleId: 'read_only' });
      expect([permission, updated.status]).toEqual([permission, 200]);
    }
  });
});
