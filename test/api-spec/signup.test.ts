import {
  allowedDomains,
  anInviteToken,
  given,
  defaultRoleChanged,
  linkDisabled,
  mspAdminAccount,
  anId,
  newUser,
  PASSWORD,
  ssoConfigured,
  streams,
  tenantCanceled,
} from './events';
import { useApiSpec } from './harness';

const spec = useApiSpec();

const INVALID_LINK = {
  statusCode: 404,
  message: 'This invite link is not valid or has been deactivated. Please contact your administrator.',
  error: 'Not Found',
  code: 'invalid_invite_link',
};

const aForm = (overrides: Record<string, unknown> = {}) => ({
  firstName: 'Sam',
  lastName: 'Newcomer',
  email: 'sam@globex.example',
  password: PASSWORD,
  passwordConfirmation: PASSWORD,
  acceptTerms: true,
  ...overrides,
});

const signUp = (token: string, form: Record<string, unknown> = aForm()) =>
  spec.when.anonymous.post(`/api/v1/invite-links/${token}/signups`, form);

describe('POST /api/v1/invite-links/:token/signups', () => {
  it('creates the account in order: EmailReserved, UserRegistered, MemberJoinedViaInviteLink, RegistrationCompleted (R15, R18)', async () => {
    const { tenantId, token } = await given.anMspWithALink(spec);
    const outcome = await signUp(token, aForm({ email: '  Sam@GLOBEX.example ' }));
    const { userId } = outcome.body as { userId: string };
    const reservation = streams.email('sam@globex.example');
    const actor = newUser(userId);
    spec.then(outcome, {
      status: 201,
      body: { userId, tenantId, roleId: 'member', redirectTo: '/app' },
      events: [
        { stream: reservation, type: 'EmailReserved', data: { userId, purpose: { kind: 'invite_link', tenantId } }, actor },
        {
          stream: streams.user(userId),
          type: 'UserRegistered',
          data: {
            userId,
            email: 'sam@globex.example',
            firstName: 'Sam',
            lastName: 'Newcomer',
            signInMethod: 'password',
            passwordHash: expect.stringMatching(/^\$argon2id\$/),
          },
          actor,
        },
        {
          stream: streams.tenant(tenantId),
          type: 'MemberJoinedViaInviteLink',
          data: { userId, roleId: 'member', method: 'password', generation: 1 },
          actor,
        },
        { stream: reservation, type: 'RegistrationCompleted', data: { userId }, actor },
      ],
    });
    expect(outcome.headers['set-cookie']).toEqual([expect.stringMatching(/^session=[^;]+;.*HttpOnly/)]);
    expect(outcome.headers['cache-control']).toBe('no-store');
  });

  it('grants the default role as it is when the signup is decided (R5)', async () => {
    const { tenantId, token } = await given.anMspWithALink(spec);
    await spec.given(defaultRoleChanged(tenantId, 'technician', 'member'));
    const outcome = await signUp(token);
    const { userId } = outcome.body as { userId: string };
    expect(outcome.body).toEqual({ userId, tenantId, roleId: 'technician', redirectTo: '/app' });
    expect(outcome.appended.find((event) => event.type === 'MemberJoinedViaInviteLink')?.data).toEqual({
      userId,
      roleId: 'technician',
      method: 'password',
      generation: 1,
    });
  });

  it('records the generation of a regenerated token', async () => {
    const { tenantId } = await given.anMspWithALink(spec);
    const fresh = anInviteToken();
    await spec.given({ stream: streams.tenant(tenantId), type: 'InviteLinkRegenerated', data: { generation: 2, token: fresh.stored } });
    const outcome = await signUp(fresh.token);
    expect(outcome.status).toBe(201);
    expect(outcome.appended.find((event) => event.type === 'MemberJoinedViaInviteLink')?.data).toMatchObject({ generation: 2 });
  });

  it('answers a registered email 409 User already registered, whoever owns it, and records nothing (R11)', async () => {
    const { mspId, token } = await given.anMspWithALink(spec);
    await spec.given(await mspAdminAccount({ userId: anId(), mspId, email: 'sam@globex.example' }));
    spec.then(await signUp(token, aForm({ email: 'SAM@globex.example' })), {
      status: 409,
      body: { statusCode: 409, message: 'User already registered', error: 'Conflict', code: 'user_already_registered' },
      events: [],
    });
  });

  it('refuses an email outside the allow-list with 403, subdomains included (R12)', async () => {
    const { mspId, tenantId, token } = await given.anMspWithALink(spec);
    await spec.given(allowedDomains(mspId, tenantId, 2, ['globex.example']));
    spec.then(await signUp(token, aForm({ email: 'sam@eu.globex.example' })), {
      status: 403,
      body: {
        statusCode: 403,
        message: 'Signups through this invite link are limited to specific email domains, and yours is not one of them.',
        error: 'Forbidden',
        code: 'email_domain_not_allowed',
      },
      events: [],
    });
  });

  it('reports every broken rule at once with 422 invalid_signup, before looking at the link (R13, R14)', async () => {
    spec.then(
      await signUp('x'.repeat(43), aForm({ password: 'short', passwordConfirmation: 'other', acceptTerms: false })),
      {
        status: 422,
        body: expect.objectContaining({
          statusCode: 422,
          code: 'invalid_signup',
          fields: expect.arrayContaining(['password', 'passwordConfirmation', 'acceptTerms']),
        }),
        events: [],
      },
    );
  });

  it.each([
    ['disabled', (tenantId: string) => [linkDisabled(tenantId)]],
    ['on an SSO tenant', (tenantId: string) => [ssoConfigured(tenantId), linkDisabled(tenantId, 'sso_configured')]],
    ['of a canceled tenant', (tenantId: string) => [tenantCanceled(tenantId), linkDisabled(tenantId, 'tenant_canceled')]],
    ['regenerated', (tenantId: string) => [{ stream: streams.tenant(tenantId), type: 'InviteLinkRegenerated', data: { generation: 2, token: anInviteToken().stored } }]],
  ])('answers a link %s with the R16 404 and records nothing', async (_, change) => {
    const { tenantId, token } = await given.anMspWithALink(spec);
    await spec.given(change(tenantId));
    spec.then(await signUp(token), { status: 404, body: INVALID_LINK, events: [] });
  });
});

describe('GET /api/v1/invite-links/:token', () => {
  it('names the organization of a working link and records nothing', async () => {
    const { token } = await given.anMspWithALink(spec);
    spec.then(await spec.when.anonymous.get(`/api/v1/invite-links/${token}`), {
      status: 200,
      body: { organizationName: 'Globex', signupMethods: ['password'] },
      events: [],
    });
  });

  it('answers an unknown token exactly like a disabled one (R16)', async () => {
    const { tenantId, token } = await given.anMspWithALink(spec);
    await spec.given(linkDisabled(tenantId));
    spec.then(await spec.when.anonymous.get(`/api/v1/invite-links/${token}`), { status: 404, body: INVALID_LINK, events: [] });
    spec.then(await spec.when.anonymous.get(`/api/v1/invite-links/${anInviteToken().token}`), { status: 404, body: INVALID_LINK, events: [] });
  });
});
