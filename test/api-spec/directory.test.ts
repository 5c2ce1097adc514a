import {
  anId,
  given,
  BUILT_IN_ROLES,
  mspAdmin,
  mspAdminAccount,
  mspCreated,
  operator,
  PASSWORD,
  roleCreated,
  streams,
  tenantCanceled,
} from './events';
import { useApiSpec } from './harness';

const spec = useApiSpec();

describe('POST /api/v1/msps', () => {
  it('creates an MSP: MspCreated by the operator, name trimmed', async () => {
    const outcome = await spec.when.operator.post('/api/v1/msps', { name: '  Acme MSP  ' });
    const { id } = outcome.body as { id: string };
    spec.then(outcome, {
      status: 201,
      body: { id, name: 'Acme MSP' },
      events: [{ stream: streams.msp(id), type: 'MspCreated', data: { mspId: id, name: 'Acme MSP' }, actor: operator }],
    });
  });

  it('refuses an MSP admin with 403 operator_only and records nothing', async () => {
    const { adminId } = await given.anMspWithATenant(spec);
    spec.then(await spec.when.as(adminId).post('/api/v1/msps', { name: 'Sneaky' }), {
      status: 403,
      body: { statusCode: 403, message: 'Only the platform operator can do this', error: 'Forbidden', code: 'operator_only' },
      events: [],
    });
  });
});

describe('POST /api/v1/msps/:mspId/admins', () => {
  it('registers the admin in order: EmailReserved, UserRegistered, MspAdminGranted, RegistrationCompleted', async () => {
    const mspId = anId();
    await spec.given(mspCreated(mspId));
    const outcome = await spec.when.operator.post(`/api/v1/msps/${mspId}/admins`, {
      email: 'Ada.Lovelace@Example.ORG',
      password: PASSWORD,
      firstName: 'Ada',
      lastName: 'Lovelace',
      permissions: ['view_audit_log', 'manage_user_roles', 'view_audit_log'],
    });
    const { id } = outcome.body as { id: string };
    const reservation = streams.email('ada.lovelace@example.org');
    spec.then(outcome, {
      status: 201,
      body: { id },
      events: [
        { stream: reservation, type: 'EmailReserved', data: { userId: id, purpose: { kind: 'msp_admin', mspId } }, actor: operator },
        {
          stream: streams.user(id),
          type: 'UserRegistered',
          data: {
            userId: id,
            email: 'ada.lovelace@example.org',
            firstName: 'Ada',
            lastName: 'Lovelace',
            signInMethod: 'password',
            passwordHash: expect.stringMatching(/^\$argon2id\$/),
          },
          actor: operator,
        },
        {
          stream: streams.user(id),
          type: 'MspAdminGranted',
          data: { mspId, permissions: ['view_audit_log', 'manage_user_roles'] },
          actor: operator,
        },
        { stream: reservation, type: 'RegistrationCompleted', data: { userId: id }, actor: operator },
      ],
    });
  });

  it('answers 409 User already registered for a registered email in another case, recording nothing', async () => {
    const mspId = anId();
    await spec.given(mspCreated(mspId), await mspAdminAccount({ userId: anId(), mspId, email: 'taken@example.org' }));
    spec.then(
      await spec.when.operator.post(`/api/v1/msps/${mspId}/admins`, {
        email: 'TAKEN@example.org',
        password: PASSWORD,
        firstName: 'Ada',
        lastName: 'Again',
        permissions: ['manage_user_roles'],
      }),
      {
        status: 409,
        body: { statusCode: 409, message: 'User already registered', error: 'Conflict', code: 'user_already_registered' },
        events: [],
      },
    );
  });
});

describe('POST /api/v1/msps/:mspId/tenants', () => {
  it('creates a tenant with the built-in roles, the admin as actor', async () => {
    const mspId = anId();
    const adminId = anId();
    await spec.given(mspCreated(mspId), await mspAdminAccount({ userId: adminId, mspId, email: 'ada@acme.example' }));
    const outcome = await spec.when.as(adminId).post(`/api/v1/msps/${mspId}/tenants`, { name: ' Globex ' });
    const { id } = outcome.body as { id: string };
    spec.then(outcome, {
      status: 201,
      body: { id, name: 'Globex', mspId },
      events: [
        {
          stream: streams.tenant(id),
          type: 'TenantCreated',
          data: { tenantId: id, mspId, name: 'Globex', builtInRoles: BUILT_IN_ROLES },
          actor: mspAdmin(adminId),
        },
      ],
    });
  });

  it('answers 404 msp_not_found to an admin of another MSP, recording nothing', async () => {
    const { adminId } = await given.anMspWithATenant(spec);
    const otherMsp = anId();
    await spec.given(mspCreated(otherMsp, 'Other MSP'));
    spec.then(await spec.when.as(adminId).post(`/api/v1/msps/${otherMsp}/tenants`, { name: 'Intruder' }), {
      status: 404,
      body: { statusCode: 404, message: expect.any(String), error: 'Not Found', code: 'msp_not_found' },
      events: [],
    });
  });
});

describe('POST /api/v1/tenants/:tenantId/roles', () => {
  it('creates a custom role: TenantRoleCreated on the tenant stream', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    const outcome = await spec.when.as(adminId).post(`/api/v1/tenants/${tenantId}/roles`, { name: 'Auditor' });
    const { id } = outcome.body as { id: string };
    spec.then(outcome, {
      status: 201,
      body: { id, name: 'Auditor', builtIn: false },
      events: [{ stream: streams.tenant(tenantId), type: 'TenantRoleCreated', data: { roleId: id, name: 'Auditor' }, actor: mspAdmin(adminId) }],
    });
  });

  it('refuses a name the tenant has in any case, built-in or custom: 409 role_name_taken', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    await spec.given(roleCreated(tenantId, anId(), 'Auditor'));
    for (const name of ['AUDITOR', 'member']) {
      spec.then(await spec.when.as(adminId).post(`/api/v1/tenants/${tenantId}/roles`, { name }), {
        status: 409,
        body: expect.objectContaining({ statusCode: 409, code: 'role_name_taken', message: expect.stringContaining(`"${name}"`) }),
        events: [],
      });
    }
  });

  it('refuses any change of a canceled tenant with 409 tenant_canceled', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    await spec.given(tenantCanceled(tenantId));
    spec.then(await spec.when.as(adminId).post(`/api/v1/tenants/${tenantId}/roles`, { name: 'Late' }), {
      status: 409,
      body: {
        statusCode: 409,
        message: 'This tenant has been canceled; its settings can no longer be changed.',
        error: 'Conflict',
        code: 'tenant_canceled',
      },
      events: [],
    });
  });
});
