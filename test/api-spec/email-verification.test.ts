import { VerificationCodes } from '../../src/modules/signup/application/verification-codes';
import { anId, given, linkDisabled, newUser, PASSWORD, streams } from './events';
import { GivenEvent, NOW, TOKEN_SECRET, useApiSpec } from './harness';

const spec = useApiSpec();
const codes = new VerificationCodes({ tokenSecret: TOKEN_SECRET });
const EMAIL = 'sam@globex.example';
/** EMAIL_VERIFICATION_TTL_MINUTES is 60 by default; the spec's clock stands still at NOW. */
const EXPIRES_AT = new Date(Date.parse(NOW) + 60 * 60_000).toISOString();

const verificationRequired = (tenantId: string): GivenEvent => ({
  stream: streams.tenant(tenantId),
  type: 'InviteLinkEmailVerificationSet',
  data: { requireEmailVerification: true },
});

/** A signup that waits for its email: what the 202 below leaves in the store. */
function aWaitingSignup(tenantId: string, tokenHash: string, expiresAt = EXPIRES_AT) {
  const userId = anId();
  const issued = codes.issue();
  const actor = newUser(userId);
  const events: GivenEvent[] = [
    { stream: streams.email(EMAIL), type: 'EmailReserved', data: { userId, purpose: { kind: 'invite_link', tenantId } }, actor },
    {
      stream: streams.user(userId),
      type: 'UserRegistered',
      data: { userId, email: EMAIL, firstName: 'Sam', lastName: 'Newcomer', signInMethod: 'password', passwordHash: '$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA' },
      actor,
    },
    {
      stream: streams.email(EMAIL),
      type: 'EmailVerificationRequested',
      data: { userId, tenantId, tokenHash, codeHash: issued.codeHash, codeSeed: issued.codeSeed, expiresAt },
      actor,
    },
  ];
  return { userId, code: issued.code, events };
}

describe('email verification (links that require it)', () => {
  it('a signup answers 202 and records the reservation, the account and the verification request: no membership, no session', async () => {
    const { tenantId, token, stored } = await given.anMspWithALink(spec);
    await spec.given(verificationRequired(tenantId));
    const outcome = await spec.when.anonymous.post(`/api/v1/invite-links/${token}/signups`, {
      firstName: 'Sam',
      lastName: 'Newcomer',
      email: 'Sam@Globex.example',
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
      acceptTerms: true,
    });
    const userId = outcome.appended[0]?.data.userId as string;
    const actor = newUser(userId);
    spec.then(outcome, {
      status: 202,
      body: { status: 'verification_required', email: EMAIL },
      events: [
        { stream: streams.email(EMAIL), type: 'EmailReserved', data: { userId, purpose: { kind: 'invite_link', tenantId } }, actor },
        {
          stream: streams.user(userId),
          type: 'UserRegistered',
          data: expect.objectContaining({ userId, email: EMAIL, signInMethod: 'password' }),
          actor,
        },
        {
          stream: streams.email(EMAIL),
          type: 'EmailVerificationRequested',
          data: {
            userId,
            tenantId,
            tokenHash: stored.hash,
            codeHash: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
            codeSeed: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
            expiresAt: EXPIRES_AT,
          },
          actor,
        },
      ],
    });
    expect(outcome.headers['set-cookie']).toBeUndefined();
    // The seed derives the code, and the stored hash is the code's: nothing else is kept.
    const requested = outcome.appended[2].data as { codeHash: string; codeSeed: string };
    expect(codes.hash(codes.codeFrom(requested.codeSeed))).toBe(requested.codeHash);
  });

  it('confirming records EmailVerified, then the membership with the default role at that instant, then the completion', async () => {
    const { tenantId, stored } = await given.anMspWithALink(spec);
    const waiting = aWaitingSignup(tenantId, stored.hash);
    await spec.given(verificationRequired(tenantId), ...waiting.events);
    const outcome = await spec.when.anonymous.post('/api/v1/email-verifications/confirm', { code: waiting.code });
    const actor = newUser(waiting.userId);
    spec.then(outcome, {
      status: 200,
      body: { userId: waiting.userId, tenantId, roleId: 'member', redirectTo: '/app' },
      events: [
        { stream: streams.email(EMAIL), type: 'EmailVerified', data: { userId: waiting.userId }, actor },
        {
          stream: streams.tenant(tenantId),
          type: 'MemberJoinedViaInviteLink',
          data: { userId: waiting.userId, roleId: 'member', method: 'password', generation: 1 },
          actor,
        },
        { stream: streams.email(EMAIL), type: 'RegistrationCompleted', data: { userId: waiting.userId }, actor },
      ],
    });
    expect(outcome.headers['set-cookie']).toEqual([expect.stringMatching(/^session=[^;]+;.*HttpOnly/)]);
  });

  it('a link disabled since the signup refuses with the R16 answer and undoes the registration (R22)', async () => {
    const { tenantId, stored } = await given.anMspWithALink(spec);
    const waiting = aWaitingSignup(tenantId, stored.hash);
    await spec.given(verificationRequired(tenantId), ...waiting.events, linkDisabled(tenantId));
    const outcome = await spec.when.anonymous.post('/api/v1/email-verifications/confirm', { code: waiting.code });
    const actor = newUser(waiting.userId);
    spec.then(outcome, {
      status: 404,
      body: {
        statusCode: 404,
        message: 'This invite link is not valid or has been deactivated. Please contact your administrator.',
        error: 'Not Found',
        code: 'invalid_invite_link',
      },
      events: [
        { stream: streams.email(EMAIL), type: 'EmailVerified', data: { userId: waiting.userId }, actor },
        { stream: streams.user(waiting.userId), type: 'AccountClosed', data: { reason: 'invite_link_no_longer_valid' }, actor },
        { stream: streams.email(EMAIL), type: 'EmailReleased', data: { userId: waiting.userId, reason: 'invite_link_no_longer_valid' }, actor },
      ],
    });
  });

  it('an expired code answers 410, records the expiry and releases the email at once', async () => {
    const { tenantId, stored } = await given.anMspWithALink(spec);
    const waiting = aWaitingSignup(tenantId, stored.hash, NOW);
    await spec.given(verificationRequired(tenantId), ...waiting.events);
    const outcome = await spec.when.anonymous.post('/api/v1/email-verifications/confirm', { code: waiting.code });
    const system = { type: 'system' as const };
    spec.then(outcome, {
      status: 410,
      body: {
        statusCode: 410,
        message: 'This verification link has expired. Sign up again through the invite link to get a new one.',
        error: 'Gone',
        code: 'verification_code_expired',
      },
      events: [
        { stream: streams.email(EMAIL), type: 'EmailVerificationExpired', data: { userId: waiting.userId, expiresAt: NOW }, actor: system },
        { stream: streams.user(waiting.userId), type: 'AccountClosed', data: { reason: 'verification_expired' }, actor: system },
        { stream: streams.email(EMAIL), type: 'EmailReleased', data: { userId: waiting.userId, reason: 'verification_expired' }, actor: system },
      ],
    });
  });

  it('a code that is not one answers 404 and writes nothing; a used one 409', async () => {
    const { tenantId, stored } = await given.anMspWithALink(spec);
    const waiting = aWaitingSignup(tenantId, stored.hash);
    await spec.given(verificationRequired(tenantId), ...waiting.events, {
      stream: streams.email(EMAIL),
      type: 'EmailVerified',
      data: { userId: waiting.userId },
      actor: newUser(waiting.userId),
    });
    const tampered = `${waiting.code.slice(0, -1)}${waiting.code.endsWith('A') ? 'B' : 'A'}`;
    const unknown = await spec.when.anonymous.post('/api/v1/email-verifications/confirm', { code: tampered });
    spec.then(unknown, {
      status: 404,
      body: {
        statusCode: 404,
        message: 'This verification link is not valid. Check that you opened the whole link from the mail.',
        error: 'Not Found',
        code: 'verification_code_invalid',
      },
      events: [],
    });
    const used = await spec.when.anonymous.post('/api/v1/email-verifications/confirm', { code: waiting.code });
    spec.then(used, {
      status: 409,
      body: {
        statusCode: 409,
        message: 'This verification link has already been used. Sign in with your email and password.',
        error: 'Conflict',
        code: 'verification_code_used',
      },
      events: [],
    });
  });

  it('a resend while waiting records one EmailVerificationResent (a second mail with the same link); for anyone else nothing, with the same answer', async () => {
    const { tenantId, stored } = await given.anMspWithALink(spec);
    const waiting = aWaitingSignup(tenantId, stored.hash);
    await spec.given(verificationRequired(tenantId), ...waiting.events);
    const resent = await spec.when.anonymous.post('/api/v1/email-verifications/resend', { email: 'SAM@globex.example' });
    spec.then(resent, {
      status: 202,
      body: { status: 'accepted' },
      events: [{ stream: streams.email(EMAIL), type: 'EmailVerificationResent', data: { userId: waiting.userId }, actor: newUser(waiting.userId) }],
    });
    const nobody = await spec.when.anonymous.post('/api/v1/email-verifications/resend', { email: 'nobody@globex.example' });
    spec.then(nobody, { status: 202, body: { status: 'accepted' }, events: [] });
  });
});
