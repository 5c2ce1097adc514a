import { anMspWithTenant, aSignup, enableLink, useTestApp } from '../support/fixtures';
import { OpenApiDocument, OpenApiOperation, OpenApiResponseValidator, ReceivedResponse } from '../support/openapi-responses';
import { linksIn, SmtpCatcher } from '../support/smtp-catcher';
import { SSO_CONFIG, paths } from '../support/test-app';

/**
 * The OpenAPI document describes every answer a client can rely on: each operation has its 2xx
 * response with a schema (204: explicitly no content), its error responses share one error body,
 * and what the service really sends matches. The last part holds for every request of every e2e
 * and API-spec test (test/support/openapi-responses.ts checks each answer, and the app's close
 * fails the file on a mismatch); here every operation is called once, so none goes unchecked.
 */
describe('OpenAPI response schemas', () => {
  // A real SMTP server, so that a signup waiting for its email (202) and its confirmation are called too.
  let catcher: SmtpCatcher;
  beforeAll(async () => {
    catcher = await SmtpCatcher.start();
  });
  afterAll(async () => {
    await catcher?.stop();
  });
  const t = useTestApp(() => ({ env: { SMTP_URL: catcher.url, MAIL_OUTBOX_POLL_MS: '100' } }));
  let document: OpenApiDocument;

  beforeAll(async () => {
    const response = await t.anonymous().get('/api/docs-json');
    expect(response.status).toBe(200);
    document = response.body as OpenApiDocument;
  });

  const operations = (): [string, OpenApiOperation][] =>
    Object.entries(document.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]): [string, OpenApiOperation] => [`${method.toUpperCase()} ${path}`, operation]),
    );

  const componentOf = (schema: unknown): Record<string, unknown> | undefined => {
    const ref = (schema as { $ref?: string } | undefined)?.$ref;
    return ref === undefined ? undefined : (document.components?.schemas?.[ref.replace('#/components/schemas/', '')] as Record<string, unknown>);
  };

  it('gives every operation a 2xx response with a schema of its body (204: explicitly no content)', () => {
    const offenders = operations().flatMap(([operation, { responses = {} }]) => {
      const successes = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
      if (successes.length === 0) return [`${operation}: no 2xx response`];
      return successes.flatMap(([status, response]) => {
        const problems: string[] = [];
        if (!response.description) problems.push('no description');
        const content = Object.entries(response.content ?? {});
        if (status === '204') {
          if (content.length > 0) problems.push('a 204 with content');
        } else if (content.length === 0) {
          problems.push('no content');
        } else {
          for (const [mediaType, { schema }] of content) {
            const described = componentOf(schema) ?? (schema as Record<string, unknown> | undefined);
            if (!described || (described.type === undefined && described.properties === undefined && described.allOf === undefined)) {
              problems.push(`no schema for ${mediaType}`);
            }
          }
        }
        return problems.map((problem) => `${operation} ${status}: ${problem}`);
      });
    });
    expect(offenders).toEqual([]);
  });

  it('documents every error response with the one shared error body', () => {
    const offenders = operations().flatMap(([operation, { responses = {} }]) =>
      Object.entries(responses)
        .filter(([status]) => /^4\d\d$/.test(status))
        .filter(([, response]) => !response.description || response.content?.['application/json']?.schema === undefined ||
          (response.content['application/json'].schema as { $ref?: string }).$ref !== '#/components/schemas/ErrorResponse')
        .map(([status]) => `${operation} ${status}`),
    );
    expect(offenders).toEqual([]);
    const errorBody = document.components?.schemas?.ErrorResponse as { required?: string[] };
    expect(errorBody.required).toEqual(['statusCode', 'message', 'error']);
  });

  it('answers every documented operation as documented, each called once with a valid request', async () => {
    const { mspId, admin, tenantId } = await anMspWithTenant(t);
    const manager = t.as(admin.token);
    const { token } = await enableLink(t, admin.token, tenantId, { allowedDomains: 'example.org' });
    const signup = aSignup();
    // A second tenant whose link requires email verification: its signup answers 202 and mails a code.
    const verifying = (await manager.post(paths.tenants(mspId)).send({ name: 'Schema Verifying Tenant' })).body as { id: string };
    const verifyingLink = await enableLink(t, admin.token, verifying.id, { requireEmailVerification: true });
    const waiting = aSignup();
    const codeOf = async () => {
      const mail = await catcher.waitForMail((caught) => caught.to.includes(waiting.email as string));
      return linksIn(mail)[0].split('/verify-email/')[1];
    };

    const calls = [
      () => t.operator().post(paths.msps()).send({ name: 'Schema Checked MSP' }),
      () => t.operator().post(paths.admins(mspId)).send({ email: `schema-${Date.now()}@example.org`, password: 'Str0ng!Schema-pass', firstName: 'Sam', lastName: 'Schema', permissions: ['view_audit_log'] }),
      () => manager.post(paths.tenants(mspId)).send({ name: 'Schema Checked Tenant' }),
      () => manager.get(paths.tenants(mspId)),
      () => manager.get(paths.roles(tenantId)),
      () => manager.post(paths.roles(tenantId)).send({ name: 'Schema Auditor' }),
      () => manager.post(paths.users(tenantId)).send({ email: `added-${Date.now()}@example.org`, password: 'Str0ng!Added-pass', firstName: 'Ann', lastName: 'Added', roleId: 'member' }),
      () => manager.get(`${paths.users(tenantId)}?limit=1`),
      () => t.anonymous().post(paths.signIn()).send({ email: admin.email, password: admin.password }),
      () => manager.get(paths.me()),
      () => manager.get(paths.inviteLink(tenantId)),
      () => manager.put(paths.inviteLink(tenantId)).send({ allowedMicrosoftTenantIds: ['6f1c3a52-8d2b-4c1e-9f0a-2b3c4d5e6f70'] }),
      () => t.anonymous().get(paths.publicLink(token)),
      () => t.anonymous().post(`${paths.publicLink(token)}/signups`).send(signup),
      () => t.anonymous().post(`${paths.publicLink(verifyingLink.token)}/signups`).send(waiting),
      () => t.anonymous().post('/api/v1/email-verifications/resend').send({ email: waiting.email }),
      async () => t.anonymous().post('/api/v1/email-verifications/confirm').send({ code: await codeOf() }),
      () => manager.get(`${paths.history(tenantId)}?limit=2`),
      () => manager.get(`${paths.inviteLink(tenantId)}/stats?days=7`),
      () => manager.get(`/api/v1/msps/${mspId}/audit-events?limit=3`),
      () => manager.post(paths.regenerate(tenantId)),
      () => manager.put(paths.sso(tenantId)).send(SSO_CONFIG),
      () => manager.delete(paths.sso(tenantId)),
      () => manager.post(paths.cancel(tenantId)),
      () => t.anonymous().get('/health'),
      () => t.anonymous().get('/health/live'),
      () => t.anonymous().get('/health/ready'),
      () => t.anonymous().get('/metrics'),
    ];
    const statuses: number[] = [];
    for (const call of calls) statuses.push((await call()).status);

    expect(statuses.filter((status) => status >= 300)).toEqual([]);
    // Each answer was checked against the document as it arrived; the app's close fails this file on any mismatch.
    expect([...t.documentedOperationsAnswered()].sort()).toEqual(operations().map(([operation]) => operation).sort());
  });

  describe('the check of real answers', () => {
    let validator: OpenApiResponseValidator;
    beforeAll(() => {
      validator = new OpenApiResponseValidator(document);
    });
    const answer = (overrides: Partial<ReceivedResponse>): ReceivedResponse => {
      const body = overrides.body ?? { id: '5b0e7c3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', name: 'Acme', mspId: '9f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f' };
      return {
        method: 'POST',
        path: '/api/v1/msps/9f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f/tenants',
        status: 201,
        contentType: 'application/json; charset=utf-8',
        text: JSON.stringify(body),
        ...overrides,
        body,
      };
    };

    it('accepts an answer that matches', () => {
      expect(validator.check(answer({}))).toEqual({ operation: 'POST /api/v1/msps/{mspId}/tenants', problems: [] });
    });

    it.each([
      ['a field the document does not list', { body: { id: '5b0e7c3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', name: 'Acme', mspId: '9f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f', secret: 'x' } }, /body\.secret: is not in the documented schema/],
      ['a missing field', { body: { id: '5b0e7c3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', name: 'Acme' } }, /body\.mspId: is required/],
      ['a wrong type', { body: { id: '5b0e7c3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', name: 7, mspId: '9f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f' } }, /body\.name: must be string/],
      ['null where the document does not allow it', { body: { id: null, name: 'Acme', mspId: '9f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f' } }, /body\.id: must be string/],
      ['a 2xx the document does not list', { status: 200 }, /lists no 200/],
      ['another content type', { contentType: 'text/html' }, /content type text\/html is not one of application\/json/],
      ['an error body of another shape', { status: 404, body: { message: 'gone' } }, /body\.statusCode: is required/],
    ])('refuses %s', (_case, overrides, problem) => {
      const { problems } = validator.check(answer(overrides as Partial<ReceivedResponse>));
      expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
    });

    it('refuses a body on a documented 204 and accepts null only where the document allows it', () => {
      const removeSso = { method: 'DELETE', path: '/api/v1/tenants/5b0e7c3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b/sso', status: 204, contentType: undefined };
      expect(validator.check({ ...removeSso, body: {}, text: '' }).problems).toEqual([]);
      expect(validator.check({ ...removeSso, body: { ok: true }, text: '{"ok":true}' }).problems).toEqual([expect.stringMatching(/no content/)]);
      const me = { method: 'GET', path: '/api/v1/me', status: 200, contentType: 'application/json' };
      const body = { id: '5b0e7c3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', email: 'a@example.org', firstName: 'A', lastName: 'B', memberships: [], msp: null };
      expect(validator.check({ ...me, body, text: JSON.stringify(body) }).problems).toEqual([]);
      const badMsp = { ...body, msp: { mspId: '9f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f', permissions: ['everything'] } };
      expect(validator.check({ ...me, body: badMsp, text: JSON.stringify(badMsp) }).problems).toEqual(
        expect.arrayContaining([expect.stringMatching(/body\.msp\.permissions\[0\]: must be one of/)]),
      );
    });

    it('leaves routes outside the document alone', () => {
      expect(validator.check(answer({ method: 'GET', path: '/join/abc', status: 200, contentType: 'text/html' }))).toEqual({ operation: undefined, problems: [] });
    });
  });
});
