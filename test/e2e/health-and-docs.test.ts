import { useTestApp } from '../support/fixtures';
import { TestApp } from '../support/test-app';

describe('operations endpoints and API docs', () => {
  const t = useTestApp();

  it.each(['/health', '/health/live', '/health/ready'])('GET %s answers 200 without credentials', async (path) => {
    const response = await t.anonymous().get(path);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
  });

  it('reports the event store and the read models in readiness', async () => {
    const response = await t.anonymous().get('/health/ready');
    expect(response.body.info).toEqual(
      expect.objectContaining({ eventStore: expect.objectContaining({ status: 'up' }), readModels: expect.objectContaining({ status: 'up' }) }),
    );
  });

  it('serves the OpenAPI UI at /api/docs', async () => {
    const response = await t.anonymous().get('/api/docs').redirects(2);
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/swagger/i);
  });

  it('documents every endpoint of the admin, sign-in and invite link API', async () => {
    const response = await t.anonymous().get('/api/docs-json');
    expect(response.status).toBe(200);
    const documented = Object.entries(response.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented).toEqual(
      expect.arrayContaining([
        'POST /api/v1/msps',
        'POST /api/v1/msps/{mspId}/admins',
        'POST /api/v1/msps/{mspId}/tenants',
        'GET /api/v1/msps/{mspId}/tenants',
        'GET /api/v1/tenants/{tenantId}/roles',
        'POST /api/v1/tenants/{tenantId}/roles',
        'PUT /api/v1/tenants/{tenantId}/sso',
        'DELETE /api/v1/tenants/{tenantId}/sso',
        'POST /api/v1/tenants/{tenantId}/cancel',
        'POST /api/v1/tenants/{tenantId}/users',
        'GET /api/v1/tenants/{tenantId}/users',
        'POST /api/v1/auth/sign-in',
        'GET /api/v1/me',
        'GET /api/v1/tenants/{tenantId}/invite-link',
        'PUT /api/v1/tenants/{tenantId}/invite-link',
        'POST /api/v1/tenants/{tenantId}/invite-link/regenerate',
        'GET /api/v1/tenants/{tenantId}/invite-link/history',
        'GET /api/v1/invite-links/{token}',
      ]),
    );
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'chatty' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'ftp://invites.test' }],
  ])('refuses to start with a bad %s, naming the variable', async (variable, env) => {
    await expect(TestApp.start({ env })).rejects.toThrow(new RegExp(`Invalid configuration: ${variable}`));
  });
});
