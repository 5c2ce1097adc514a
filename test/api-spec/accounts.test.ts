import {
  allowedDomains,
  anId,
  given,
  mspAdmin,
  mspAdminAccount,
  mspCreated,
  PASSWORD,
  streams,
  tenantCreated,
  tenantMemberAccount,
} from './events';
import { useApiSpec } from './harness';

const spec = useApiSpec();

describe('POST /api/v1/auth/sign-in', () => {
  it('signs in an account from the store, the email in any case, and records nothing', async () => {
    const mspId = anId();
    await spec.given(mspCreated(mspId), await mspAdminAccount({ userId: anId(), mspId, email: 'ada@acme.example' }));
    const outcome = await spec.when.anonymous.post('/api/v1/auth/sign-in', { email: 'ADA@acme.example', password: PASSWORD });
    spec.then(outcome, { status: 200, body: { accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) }, events: [] });
    expect(outcome.headers['set-cookie']).toEqual([expect.stringMatching(/^session=/)]);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const mspId = anId();
    await spec.given(mspCreated(mspId), await mspAdminAccount({ userId: anId(), mspId, email: 'ada@acme.example' }));
    const refused = { statusCode: 401, message: 'Invalid email or password', error: 'Unauthorized' };
    spec.then(await spec.when.anonymous.post('/api/v1/auth/sign-in', { email: 'ada@acme.example', password: `${PASSWORD}x` }), {
      status: 401,
      body: refused,
      events: [],
    });
    spec.then(await spec.when.anonymous.post('/api/v1/auth/sign-in', { email: 'nobody@acme.example', password: PASSWORD }), {
      status: 401,
      body: refused,
      events: [],
    });
  });

  it('lets the session read /me with the MSP permissions of the stored grant', async () => {
    const mspId = anId();
    const userId = anId();
    await spec.given(
      mspCreated(mspId),
      await mspAdminAccount({ userId, mspId, email: 'ada@acme.example', permissions: ['view_audit_log'] }),
    );
    spec.then(await spec.when.as(userId).get('/api/v1/me'), {
      status: 200,
      body: {
        id: userId,
        email: 'ada@acme.example',
        firstName: 'Ada',
        lastName: 'Admin',
        memberships: [],
        msp: { mspId, permissions: ['view_audit_log'] },
      },
      events: [],
    });
  });
});

describe('POST /api/v1/tenants/:tenantId/users ("Add Users")', () => {
  it('registers the user in order: EmailReserved, UserRegistered, TenantMemberAdded, RegistrationCompleted', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    const outcome = await spec.when.as(adminId).post(`/api/v1/tenants/${tenantId}/users`, {
      email: 'Terry@Globex.example',
      password: PASSWORD,
      firstName: 'Terry',
      lastName: 'Tech',
      roleId: 'technician',
    });
    const { userId } = outcome.body as { userId: string };
    const reservation = streams.email('terry@globex.example');
    const actor = mspAdmin(adminId);
    spec.then(outcome, {
      status: 201,
      body: { userId },
      events: [
        // Add Users does not name the tenant in the purpose: recovery searches the log for it (R18).
        { stream: reservation, type: 'EmailReserved', data: { userId, purpose: { kind: 'tenant_member' } }, actor },
        {
          stream: streams.user(userId),
          type: 'UserRegistered',
          data: {
            userId,
            email: 'terry@globex.example',
            firstName: 'Terry',
            lastName: 'Tech',
            signInMethod: 'password',
            passwordHash: expect.stringMatching(/^\$argon2id\$/),
          },
          actor,
        },
        { stream: streams.tenant(tenantId), type: 'TenantMemberAdded', data: { userId, roleId: 'technician' }, actor },
        { stream: reservation, type: 'RegistrationCompleted', data: { userId }, actor },
      ],
    });
  });

  it('refuses an unknown role with 422 unknown_role before touching the email', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    spec.then(
      await spec.when.as(adminId).post(`/api/v1/tenants/${tenantId}/users`, {
        email: 'terry@globex.example',
        password: PASSWORD,
        firstName: 'Terry',
        lastName: 'Tech',
        roleId: 'wizard',
      }),
      {
        status: 422,
        body: expect.objectContaining({ statusCode: 422, code: 'unknown_role', message: 'roleId: unknown role "wizard" for this tenant' }),
        events: [],
      },
    );
  });

  const weakPasswordMessage =
    'Password must be at least 8 characters long. Password must contain an uppercase letter. Password must contain a number. Password must contain a special character.';

  it('reports a weak password and a registered email in one 422: the password first, every field in errors', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    const dana = anId();
    await spec.given(...(await tenantMemberAccount({ userId: dana, tenantId, email: 'dana@globex.example' })));
    spec.then(
      await spec.when.as(adminId).post(`/api/v1/tenants/${tenantId}/users`, {
        email: 'DANA@globex.example',
        password: 'weak',
        firstName: 'Dana',
        lastName: 'Again',
        roleId: 'member',
      }),
      {
        status: 422,
        body: {
          statusCode: 422,
          error: 'Unprocessable Entity',
          code: 'weak_password',
          message: `password: ${weakPasswordMessage}`,
          field: 'password',
          problems: ['too_short', 'missing_uppercase', 'missing_digit', 'missing_special'],
          errors: [
            { field: 'password', message: weakPasswordMessage },
            { field: 'email', message: 'User already registered' },
          ],
        },
        events: [],
      },
    );
  });

  it('lists every 422 problem in errors, the role first; an email no address may be is not looked up', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    spec.then(
      await spec.when.as(adminId).post(`/api/v1/tenants/${tenantId}/users`, {
        email: 'terry\u202E@globex.example',
        password: 'weak',
        firstName: 'Terry',
        lastName: 'Tech',
        roleId: 'wizard',
      }),
      {
        status: 422,
        body: expect.objectContaining({
          code: 'unknown_role',
          field: 'roleId',
          errors: [
            { field: 'roleId', message: 'unknown role "wizard" for this tenant' },
            { field: 'email', message: 'must not contain a text-direction control (U+202E)' },
            { field: 'password', message: weakPasswordMessage },
          ],
        }),
        events: [],
      },
    );
  });

  it('a weak password alone is a 422 with only the password in errors (the email is free)', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    const outcome = await spec.when.as(adminId).post(`/api/v1/tenants/${tenantId}/users`, {
      email: 'free@globex.example',
      password: 'weak',
      firstName: 'Terry',
      lastName: 'Tech',
      roleId: 'member',
    });
    spec.then(outcome, {
      status: 422,
      body: expect.objectContaining({ code: 'weak_password', errors: [{ field: 'password', message: weakPasswordMessage }] }),
      events: [],
    });
  });

  it('a registered email alone is still the 409 user_already_registered', async () => {
    const { adminId, tenantId } = await given.anMspWithATenant(spec);
    await spec.given(...(await tenantMemberAccount({ userId: anId(), tenantId, email: 'dana@globex.example' })));
    spec.then(
      await spec.when.as(adminId).post(`/api/v1/tenants/${tenantId}/users`, {
        email: 'dana@globex.example',
        password: PASSWORD,
        firstName: 'Dana',
        lastName: 'Again',
        roleId: 'member',
      }),
      {
        status: 409,
        body: { statusCode: 409, message: 'User already registered', error: 'Conflict', code: 'user_already_registered' },
        events: [],
      },
    );
  });
});

describe('allowed domains among sibling tenants (R4)', () => {
  it('refuses a domain a sibling holds, in any spelling, naming it normalized: 409, nothing recorded', async () => {
    const { adminId, mspId, tenantId } = await given.anMspWithALink(spec);
    const siblingId = anId();
    await spec.given(tenantCreated(siblingId, mspId, 'Sibling'), allowedDomains(mspId, siblingId, 0, ['shared.example']));
    spec.then(await spec.when.as(adminId).put(`/api/v1/tenants/${tenantId}/invite-link`, { allowedDomains: ['mine.example', '@SHARED.example'] }), {
      status: 409,
      body: expect.objectContaining({
        statusCode: 409,
        code: 'domain_taken_by_sibling',
        message: 'allowedDomains: already allowed for another tenant of this MSP: shared.example',
        domains: ['shared.example'],
      }),
      events: [],
    });
  });

  it('lets a tenant of another MSP list the same domain', async () => {
    const { adminId, mspId, tenantId } = await given.anMspWithALink(spec);
    const otherMsp = anId();
    const otherTenant = anId();
    await spec.given(mspCreated(otherMsp, 'Other'), tenantCreated(otherTenant, otherMsp), allowedDomains(otherMsp, otherTenant, 0, ['shared.example']));
    const outcome = await spec.when.as(adminId).put(`/api/v1/tenants/${tenantId}/invite-link`, { allowedDomains: ['shared.example'] });
    expect(outcome.status).toBe(200);
    expect(outcome.appended.map(({ stream, type }) => ({ stream, type }))).toEqual([
      { stream: streams.claims(mspId), type: 'SiblingDomainsClaimed' },
      { stream: streams.tenant(tenantId), type: 'InviteLinkAllowedDomainsChanged' },
    ]);
  });

  it('lets a sibling claim the domains a canceled tenant released', async () => {
    const { adminId, mspId, tenantId } = await given.anMspWithALink(spec);
    const siblingId = anId();
    await spec.given(
      tenantCreated(siblingId, mspId, 'Sibling'),
      allowedDomains(mspId, siblingId, 0, ['shared.example']),
      { stream: streams.tenant(siblingId), type: 'TenantCanceled', data: {} },
      { stream: streams.claims(mspId), type: 'SiblingDomainsReleased', data: { tenantId: siblingId, domains: ['shared.example'], tenantRevision: 2 } },
    );
    const outcome = await spec.when.as(adminId).put(`/api/v1/tenants/${tenantId}/invite-link`, { allowedDomains: 'shared.example' });
    expect({ status: outcome.status, types: outcome.appended.map((event) => event.type) }).toEqual({
      status: 200,
      types: ['SiblingDomainsClaimed', 'InviteLinkAllowedDomainsChanged'],
    });
  });
});
