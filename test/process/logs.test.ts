import { api, freshDataDir, OPERATOR_TOKEN, startService, stop, waitUntilLive } from './service-process';

describe('the service as a process: structured logs', () => {
  it('writes JSON lines with request ids and never a password, token or authorization header', async () => {
    const service = startService({ DATA_DIR: freshDataDir(), OPERATOR_TOKEN, SEED_DEMO: 'false', LOG_LEVEL: 'debug' });
    await waitUntilLive(service);
    const password = 'Sup3r-Secret-Passw0rd!';
    const msp = await api(service, 'POST', '/api/v1/msps', { name: 'Log MSP' });
    const admin = await api(service, 'POST', `/api/v1/msps/${msp.body.id}/admins`, {
      email: 'log-admin@log.example',
      password,
      firstName: 'Log',
      lastName: 'Admin',
      permissions: ['manage_user_roles'],
    });
    expect(admin.status).toBe(201);
    const signIn = await api(service, 'POST', '/api/v1/auth/sign-in', { email: 'log-admin@log.example', password });
    const session = signIn.body.accessToken as string;
    const tenant = await api(service, 'POST', `/api/v1/msps/${msp.body.id}/tenants`, { name: 'Logged' }, session);
    const link = await api(
      service,
      'PUT',
      `/api/v1/tenants/${tenant.body.id}/invite-link`,
      { enabled: true, defaultRoleId: 'member' },
      session,
    );
    const token = (link.body.url as string).split('/join/')[1];
    const response = await fetch(`${service.baseUrl}/api/v1/invite-links/${token}`, { headers: { 'x-request-id': 'trace-me-42' } });
    expect(response.headers.get('x-request-id')).toBe('trace-me-42');
    // The token outside the route parameter: an unknown route, a query, a Referer (issue 11).
    const stray = await fetch(`${service.baseUrl}/nonexistent/${token}?x=${token}&state=${token.slice(0, 10)}`, {
      headers: { 'x-request-id': 'stray-token', referer: `https://mail.example/?l=${token}` },
    });
    expect(stray.status).toBe(404);
    await stop(service);

    const output = service.stdout();
    for (const secret of [password, token, session, OPERATOR_TOKEN, token.slice(0, 10)]) expect(output).not.toContain(secret);
    const lines = output.split('\n').filter((line) => line.startsWith('{'));
    expect(lines.length).toBeGreaterThan(5);
    const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.req);
    const lookup = requests.find((entry) => entry.req.id === 'trace-me-42');
    expect(lookup.req.url).toBe('/api/v1/invite-links/[token]');
    expect(requests.find((entry) => entry.req.id === 'stray-token').req.url).toBe('/nonexistent/[redacted]?x=[redacted]&state=[redacted]');
    expect(requests.every((entry) => typeof entry.req.id === 'string' && entry.req.id.length > 0)).toBe(true);
  });
});
