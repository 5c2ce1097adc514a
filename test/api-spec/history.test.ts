import { anMspWithALink, linkDisabled, mspAdminAccount, tenantMemberAccount } from './events';
import { NOW, useApiSpec } from './harness';

const spec = useApiSpec();

const historyPath = (tenantId: string) => `/api/v1/tenants/${tenantId}/invite-link/history`;
const linkPath = (tenantId: string) => `/api/v1/tenants/${tenantId}/invite-link`;
/** The instant the harness gives every given event. */
const GIVEN_AT = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

describe('GET /api/v1/tenants/:tenantId/invite-link/history', () => {
  it('names every kind of actor, with the event id, revision and correlation id, and no token material', async () => {
    const world = await anMspWithALink();
    const { tenantId, adminId } = world;
    const memberId = '0b5f5a3e-7c1e-4d3a-9a55-4c7a1e0f2b11';
    await spec.given(
      world.events,
      await tenantMemberAccount({ userId: memberId, tenantId, email: 'terry@globex.example' }),
      { ...linkDisabled(tenantId), actor: { type: 'user', id: memberId } },
      { ...linkDisabled(tenantId, 'tenant_canceled'), actor: { type: 'system' } },
    );
    const item = (type: string, revision: number, actor: object, actorName: string, data: object) => ({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type,
      at: GIVEN_AT,
      actor,
      actorName,
      data,
      revision,
      correlationId: 'given',
    });
    spec.then(await spec.when.as(adminId).get(historyPath(tenantId)), {
      status: 200,
      body: {
        items: [
          item('InviteLinkDefaultRoleChanged', 1, { type: 'operator' }, 'Operator', { from: null, to: 'member' }),
          item('InviteLinkEnabled', 2, { type: 'operator' }, 'Operator', { generation: 1 }),
          // Revision 3 is TenantMemberAdded: not part of the link's history.
          item('InviteLinkDisabled', 4, { type: 'user', id: memberId }, 'Terry Tenant <terry@globex.example>', { reason: 'admin' }),
          item('InviteLinkDisabled', 5, { type: 'system' }, 'System', { reason: 'tenant_canceled' }),
        ],
        nextCursor: null,
      },
      events: [],
    });
  });

  it('pages with limit and cursor, and refuses a made-up cursor with 400 naming it', async () => {
    const { tenantId, adminId, events } = await anMspWithALink();
    await spec.given(events);
    const first = await spec.when.as(adminId).get(`${historyPath(tenantId)}?limit=1`);
    const { nextCursor } = first.body as { nextCursor: string };
    expect(nextCursor).toEqual(expect.any(String));
    const second = await spec.when.as(adminId).get(`${historyPath(tenantId)}?limit=1&cursor=${encodeURIComponent(nextCursor)}`);
    spec.then(second, {
      status: 200,
      body: { items: [expect.objectContaining({ type: 'InviteLinkEnabled', revision: 2 })], nextCursor: null },
      events: [],
    });
    spec.then(await spec.when.as(adminId).get(`${historyPath(tenantId)}?cursor=2`), {
      status: 400,
      body: {
        statusCode: 400,
        message: ['cursor must be the nextCursor of a previous page of this history, with the same order'],
        error: 'Bad Request',
        code: 'invalid_request',
        fields: ['cursor'],
      },
      events: [],
    });
  });
});

describe('GET /api/v1/tenants/:tenantId/invite-link by a reader', () => {
  it('answers url: null to an MSP admin with view_audit_log only, now and with ?at=', async () => {
    const world = await anMspWithALink();
    const auditorId = '6d0c3c1a-2f7b-4f0e-8a8e-3f1d2c4b5a69';
    await spec.given(
      world.events,
      await mspAdminAccount({ userId: auditorId, mspId: world.mspId, email: 'audrey@acme.example', permissions: ['view_audit_log'] }),
    );
    const view = { tenantId: world.tenantId, enabled: true, defaultRoleId: 'member', allowedDomains: [], requireEmailVerification: false, url: null, available: true, unavailableReason: null };
    spec.then(await spec.when.as(auditorId).get(linkPath(world.tenantId)), { status: 200, body: view, events: [] });
    spec.then(await spec.when.as(auditorId).get(`${linkPath(world.tenantId)}?at=${NOW}`), { status: 200, body: view, events: [] });
  });
});
