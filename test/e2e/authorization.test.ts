import type { Response } from 'supertest';
import { expectErrorShape } from '../support/assertions';
import { aSessionJwt, anUnsignedJwt } from '../support/session-tokens';
import {
  Admin,
  aRandomUuid,
  aStrongPassword,
  anEmail,
  Client,
  MANAGE_PERMISSIONS,
  paths,
  SSO_CONFIG,
  unique,
} from '../support/test-app';
import { everyKindOfCaller, useTestApp } from '../support/fixtures';

/**
 * R20 and the MSP permissions (docs/http-api.md, Callers), for every endpoint of docs/http-api.md that needs credentials.
 * Denied requests carry valid bodies, so that nothing but authorization can refuse them.
 */
type Need = 'read' | 'manage' | 'operator' | 'self';
interface Endpoint {
  readonly name: string;
  readonly need: Need;
  /** 'tenant' endpoints take a tenant id, 'msp' ones an MSP id. */
  readonly scope: 'tenant' | 'msp' | 'none';
  readonly call: (client: Client, id: string) => ReturnType<Client['get']>;
}

const adminBody = () => ({
  email: anEmail('new-admin'),
  password: aStrongPassword(),
  firstName: 'Nora',
  lastName: 'New',
  permissions: ['manage_user_roles'],
});
const userBody = () => ({ email: anEmail('new-user'), password: aStrongPassword(), firstName: 'Uma', lastName: 'User', roleId: 'member' });

const ENDPOINTS: readonly Endpoint[] = [
  { name: 'POST /msps', need: 'operator', scope: 'none', call: (c) => c.post(paths.msps()).send({ name: unique('MSP') }) },
  { name: 'POST /msps/:id/admins', need: 'operator', scope: 'msp', call: (c, id) => c.post(paths.admins(id)).send(adminBody()) },
  { name: 'POST /msps/:id/tenants', need: 'manage', scope: 'msp', call: (c, id) => c.post(paths.tenants(id)).send({ name: unique('T') }) },
  { name: 'GET /msps/:id/tenants', need: 'read', scope: 'msp', call: (c, id) => c.get(paths.tenants(id)) },
  { name: 'GET /tenants/:id/roles', need: 'read', scope: 'tenant', call: (c, id) => c.get(paths.roles(id)) },
  { name: 'POST /tenants/:id/roles', need: 'manage', scope: 'tenant', call: (c, id) => c.post(paths.roles(id)).send({ name: unique('Role') }) },
  { name: 'PUT /tenants/:id/sso', need: 'manage', scope: 'tenant', call: (c, id) => c.put(paths.sso(id)).send(SSO_CONFIG) },
  { name: 'DELETE /tenants/:id/sso', need: 'manage', scope: 'tenant', call: (c, id) => c.delete(paths.sso(id)) },
  { name: 'POST /tenants/:id/cancel', need: 'manage', scope: 'tenant', call: (c, id) => c.post(paths.cancel(id)) },
  { name: 'POST /tenants/:id/users', need: 'manage', scope: 'tenant', call: (c, id) => c.post(paths.users(id)).send(userBody()) },
  { name: 'GET /tenants/:id/users', need: 'read', scope: 'tenant', call: (c, id) => c.get(paths.users(id)) },
  { name: 'GET /tenants/:id/invite-link', need: 'read', scope: 'tenant', call: (c, id) => c.get(paths.inviteLink(id)) },
  {
    name: 'GET /tenants/:id/invite-link?at=',
    need: 'read',
    scope: 'tenant',
    call: (c, id) => c.get(paths.inviteLink(id)).query({ at: new Date().toISOString() }),
  },
  {
    name: 'PUT /tenants/:id/invite-link',
    need: 'manage',
    scope: 'tenant',
    call: (c, id) => c.put(paths.inviteLink(id)).send({ enabled: true, defaultRoleId: 'member', allowedDomains: ['authz.example'] }),
  },
  { name: 'POST /tenants/:id/invite-link/regenerate', need: 'manage', scope: 'tenant', call: (c, id) => c.post(paths.regenerate(id)) },
  { name: 'GET /tenants/:id/invite-link/history', need: 'read', scope: 'tenant', call: (c, id) => c.get(paths.history(id)) },
  { name: 'GET /me', need: 'self', scope: 'none', call: (c) => c.get(paths.me()) },
];

const CHANGES = ENDPOINTS.filter((endpoint) => endpoint.need === 'manage' || endpoint.need === 'operator');
const READS = ENDPOINTS.filter((endpoint) => endpoint.need === 'read');
const ADMIN_ENDPOINTS = ENDPOINTS.filter((endpoint) => endpoint.need !== 'self');

const describeResponse = (response: Response) => `${response.status} ${JSON.stringify(response.body)}`;

describe('authorization of every tenant and MSP endpoint (R20)', () => {
  const t = useTestApp();
  let mspId: string;
  let tenantId: string;
  let manager: Admin;
  let auditor: Admin;
  let tenantUserToken: string;
  let otherMspAdmin: Admin;
  let otherMspId: string;

  const idFor = (endpoint: Endpoint, own: { mspId: string; tenantId: string }) =>
    endpoint.scope === 'tenant' ? own.tenantId : own.mspId;

  beforeAll(async () => {
    const cast = await everyKindOfCaller(t);
    ({ manager, auditor } = cast);
    mspId = cast.msp.id;
    tenantId = cast.tenant.id;
    tenantUserToken = cast.tenantUser.token;
    otherMspId = cast.other.msp.id;
    otherMspAdmin = cast.other.admin;
  });

  it('answers 401 to every endpoint without credentials, and changes nothing', async () => {
    const before = await t.countEvents();
    for (const endpoint of ENDPOINTS) {
      const response = await endpoint.call(t.anonymous(), idFor(endpoint, { mspId, tenantId }));
      expect([endpoint.name, response.status]).toEqual([endpoint.name, 401]);
      expectErrorShape(response, 401);
    }
    expect(await t.countEvents()).toBe(before);
  });

  describe('answers 401 to malformed or invalid credentials', () => {
    const variants: [string, () => string][] = [
      ['an empty bearer', () => 'Bearer'],
      ['a bearer of spaces', () => 'Bearer    '],
      ['two bearer tokens', () => `Bearer ${t.operatorToken} ${t.operatorToken}`],
      ['basic authentication', () => `Basic ${Buffer.from('admin:secret').toString('base64')}`],
      ['the operator token without the Bearer scheme', () => t.operatorToken],
      ['the operator token with one more character', () => `Bearer ${t.operatorToken}x`],
      ['the operator token without its last character', () => `Bearer ${t.operatorToken.slice(0, -1)}`],
      ['garbage', () => 'Bearer not-a-token'],
      ['a JWT signed with another secret', () => `Bearer ${aSessionJwt('some-other-secret-of-enough-length', { sub: manager.id })}`],
      ['an unsigned JWT (alg none)', () => `Bearer ${anUnsignedJwt({ sub: manager.id })}`],
      [
        'an expired session',
        () => `Bearer ${aSessionJwt(t.sessionSecret, { sub: manager.id, iat: 1_000_000, exp: 1_000_060 })}`,
      ],
      ['a session from another issuer', () => `Bearer ${aSessionJwt(t.sessionSecret, { sub: manager.id, iss: 'someone-else' })}`],
      ['a session of an account that does not exist', () => `Bearer ${aSessionJwt(t.sessionSecret, { sub: aRandomUuid() })}`],
      ['a tampered session', () => `Bearer ${manager.token.slice(0, -3)}${manager.token.endsWith('AAA') ? 'BBB' : 'AAA'}`],
    ];

    it.each(variants)('%s', async (_name, header) => {
      const before = await t.countEvents();
      for (const endpoint of ENDPOINTS) {
        const response = await endpoint.call(t.withAuthorization(header()), idFor(endpoint, { mspId, tenantId }));
        expect([endpoint.name, response.status]).toEqual([endpoint.name, 401]);
      }
      expect(await t.countEvents()).toBe(before);
    });
  });

  it('controls the forged session tokens: a correctly signed session of the admin works', async () => {
    const forged = aSessionJwt(t.sessionSecret, { sub: manager.id });
    const response = await t.as(forged).get(paths.me());
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(manager.id);
  });

  it('answers 403 to a tenant user on every admin endpoint, whatever their role', async () => {
    const before = await t.countEvents();
    for (const endpoint of ADMIN_ENDPOINTS) {
      const response = await endpoint.call(t.as(tenantUserToken), idFor(endpoint, { mspId, tenantId }));
      expect([endpoint.name, describeResponse(response)]).toEqual([endpoint.name, expect.stringMatching(/^403 /)]);
      expectErrorShape(response, 403);
    }
    expect(await t.countEvents()).toBe(before);
  });

  it('answers a tenant user 403 for tenants and MSPs it does not belong to, and for ones that do not exist', async () => {
    for (const endpoint of ADMIN_ENDPOINTS.filter((e) => e.scope !== 'none')) {
      for (const id of [idFor(endpoint, { mspId: otherMspId, tenantId: aRandomUuid() }), aRandomUuid()]) {
        const response = await endpoint.call(t.as(tenantUserToken), id);
        expect([endpoint.name, response.status]).toEqual([endpoint.name, 403]);
      }
    }
  });

  it("answers an admin of another MSP 404, exactly as for a tenant or MSP that does not exist", async () => {
    const before = await t.countEvents();
    for (const endpoint of ADMIN_ENDPOINTS.filter((e) => e.need !== 'operator')) {
      const foreign = await endpoint.call(t.as(otherMspAdmin.token), idFor(endpoint, { mspId, tenantId }));
      const missing = await endpoint.call(t.as(otherMspAdmin.token), aRandomUuid());
      const malformed = await endpoint.call(t.as(otherMspAdmin.token), 'not-a-uuid');
      expect([endpoint.name, foreign.status]).toEqual([endpoint.name, 404]);
      expect([endpoint.name, foreign.body]).toEqual([endpoint.name, missing.body]);
      expect([endpoint.name, foreign.body]).toEqual([endpoint.name, malformed.body]);
      expect(Object.keys(foreign.headers).sort()).toEqual(Object.keys(missing.headers).sort());
    }
    expect(await t.countEvents()).toBe(before);
  });

  it('answers the operator-only endpoints 403 for MSP admins, even of their own MSP and with every permission', async () => {
    const allPermissions = await t.createAdmin(mspId, [...MANAGE_PERMISSIONS, 'view_audit_log']);
    const before = await t.countEvents();
    for (const admin of [manager, auditor, otherMspAdmin, allPermissions]) {
      for (const endpoint of ENDPOINTS.filter((e) => e.need === 'operator')) {
        const response = await endpoint.call(t.as(admin.token), mspId);
        expect([endpoint.name, response.status, response.body.code]).toEqual([endpoint.name, 403, 'operator_only']);
      }
    }
    expect(await t.countEvents()).toBe(before);
  });

  it('lets an admin with only view_audit_log read everything of its MSP', async () => {
    for (const endpoint of READS) {
      const response = await endpoint.call(t.as(auditor.token), idFor(endpoint, { mspId, tenantId }));
      expect([endpoint.name, response.status]).toEqual([endpoint.name, 200]);
    }
    expect((await t.as(auditor.token).get(paths.me())).body.msp).toEqual({ mspId, permissions: ['view_audit_log'] });
  });

  it('answers 403 to an admin with only view_audit_log on every change, and changes nothing', async () => {
    const linkBefore = (await t.as(manager.token).get(paths.inviteLink(tenantId))).body;
    const before = await t.countEvents();
    for (const endpoint of CHANGES) {
      const response = await endpoint.call(t.as(auditor.token), idFor(endpoint, { mspId, tenantId }));
      expect([endpoint.name, response.status]).toEqual([endpoint.name, 403]);
      expectErrorShape(response, 403);
    }
    expect(await t.countEvents()).toBe(before);
    expect((await t.as(manager.token).get(paths.inviteLink(tenantId))).body).toEqual(linkBefore);
    const tenants = (await t.as(manager.token).get(paths.tenants(mspId))).body.items;
    expect(tenants).toEqual([expect.objectContaining({ id: tenantId, status: 'active' })]);
  });

  it.each(MANAGE_PERMISSIONS.map((permission) => [permission]))(
    'lets an admin holding only %s manage invite links of every tenant of its MSP',
    async (permission) => {
      const admin = await t.createAdmin(mspId, [permission]);
      const tenant = await t.createTenant(mspId, unique('Tenant'), admin.token);
      for (const id of [tenant.id, tenantId]) {
        const updated = await t.as(admin.token).put(paths.inviteLink(id)).send({ defaultRoleId: 'technician' });
        expect(updated.status).toBe(200);
        expect((await t.as(admin.token).get(paths.history(id))).status).toBe(200);
      }
    },
  );

  it('lets the operator use the tenant endpoints of any MSP', async () => {
    expect((await t.operator().get(paths.inviteLink(tenantId))).status).toBe(200);
    expect((await t.operator().get(paths.tenants(otherMspId))).status).toBe(200);
    expect((await t.operator().get(paths.roles(tenantId))).status).toBe(200);
  });

  it('answers 404 to the operator for an MSP or a tenant that does not exist', async () => {
    expect((await t.operator().get(paths.tenants(aRandomUuid()))).status).toBe(404);
    expect((await t.operator().post(paths.admins(aRandomUuid())).send(adminBody())).status).toBe(404);
    expect((await t.operator().get(paths.inviteLink(aRandomUuid()))).status).toBe(404);
  });

  it('honours the session cookie for reads only, never for changes', async () => {
    const cookie = `session=${manager.token}`;
    const read = await t.anonymous().get(paths.inviteLink(tenantId)).set('Cookie', cookie);
    expect(read.status).toBe(200);
    const before = await t.countEvents();
    const write = await t.anonymous().put(paths.inviteLink(tenantId)).set('Cookie', cookie).send({ defaultRoleId: 'member' });
    expect(write.status).toBe(401);
    const regenerate = await t.anonymous().post(paths.regenerate(tenantId)).set('Cookie', cookie);
    expect(regenerate.status).toBe(401);
    expect(await t.countEvents()).toBe(before);
  });
});
