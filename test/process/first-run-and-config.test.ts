import { api, freshDataDir, OPERATOR_TOKEN, startService, stop, waitUntilLive } from './service-process';

describe('the service as a process: configuration and first run', () => {
  it.each([
    ['PORT', 'not-a-port'],
    ['PUBLIC_BASE_URL', 'ftp://example.com'],
    ['EVENT_STORE_URL', 'postgres://localhost/events'],
    ['READ_MODEL_URL', 'redis://localhost'],
    ['LOG_LEVEL', 'loud'],
    ['SEED_DEMO', 'maybe'],
    // Read by their modules while the application is wired: the same one-line failure.
    ['RATE_LIMIT_SIGNUP_PER_IP', 'lots'],
    ['REGISTRATION_RECOVERY_GRACE_MS', 'soon'],
    ['FAULT_CRASH_AT', 'somewhere'],
  ])('refuses to start with a bad %s, in one line naming the variable', async (variable, value) => {
    const service = startService({ DATA_DIR: freshDataDir(), [variable]: value });
    const { code } = await service.exited;
    expect(code).toBe(1);
    const lines = service.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
  });

  it('seeds a demo MSP on an empty store, prints working sign-in details, and seeds nothing on restart', async () => {
    const dataDir = freshDataDir();
    const first = startService({ DATA_DIR: dataDir, OPERATOR_TOKEN });
    await waitUntilLive(first);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const printed = first.stdout();
    const match = /MSP admin sign-in:\s+(\S+) \/ (\S+)/.exec(printed);
    expect(match).not.toBeNull();
    const [, email, password] = match!;
    const signIn = await api(first, 'POST', '/api/v1/auth/sign-in', { email, password });
    expect(signIn.status).toBe(200);
    const me = await api(first, 'GET', '/api/v1/me', undefined, signIn.body.accessToken);
    expect(me.body.msp.permissions).toContain('manage_user_roles');
    const tenants = await api(first, 'GET', `/api/v1/msps/${me.body.msp.mspId}/tenants`, undefined, signIn.body.accessToken);
    expect(tenants.body.items.map((t: { name: string }) => t.name)).toEqual(['Acme Corp']);
    const roles = await api(first, 'GET', `/api/v1/tenants/${tenants.body.items[0].id}/roles`, undefined, signIn.body.accessToken);
    expect(roles.body.items.some((role: { builtIn: boolean; name: string }) => !role.builtIn && role.name === 'Help Desk')).toBe(
      true,
    );
    expect((await stop(first)).code).toBe(0);

    const second = startService({ DATA_DIR: dataDir, OPERATOR_TOKEN });
    await waitUntilLive(second);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.stdout()).not.toContain('Seeded');
    // The generated secrets were kept: the old session token still works after the restart.
    expect((await api(second, 'GET', '/api/v1/me', undefined, signIn.body.accessToken)).status).toBe(200);
    await stop(second);
  });

  it('does not seed when SEED_DEMO=false', async () => {
    const service = startService({ DATA_DIR: freshDataDir(), SEED_DEMO: 'false' });
    await waitUntilLive(service);
    const health = (await fetch(`${service.baseUrl}/health/ready`).then((response) => response.json())) as {
      details: { eventStore: { headPosition: number | null } };
    };
    expect(health.details.eventStore.headPosition).toBeNull();
    expect(service.stdout()).not.toContain('Seeded');
    await stop(service);
  });
});
