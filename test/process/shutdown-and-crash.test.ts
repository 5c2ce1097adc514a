import { api, freshDataDir, OPERATOR_TOKEN, ServiceProcess, startService, stop, waitUntilLive } from './service-process';

async function createTenants(service: ServiceProcess, mspId: string, count: number) {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      api(service, 'POST', `/api/v1/msps/${mspId}/tenants`, { name: `Tenant ${i}` }).catch((error: Error) => ({
        status: 0,
        body: { error: error.message },
      })),
    ),
  );
}

async function tenantIds(service: ServiceProcess, mspId: string): Promise<Set<string>> {
  const list = await api(service, 'GET', `/api/v1/msps/${mspId}/tenants`);
  return new Set(list.body.items.map((tenant: { id: string }) => tenant.id));
}

describe('the service as a process: shutdown and crashes', () => {
  it('finishes in-flight requests on SIGTERM, exits 0, and keeps every acknowledged write', async () => {
    const dataDir = freshDataDir();
    const env = { DATA_DIR: dataDir, OPERATOR_TOKEN, SEED_DEMO: 'false' };
    const service = startService(env);
    await waitUntilLive(service);
    const msp = await api(service, 'POST', '/api/v1/msps', { name: 'Shutdown MSP' });

    const inFlight = createTenants(service, msp.body.id, 40);
    await new Promise((resolve) => setTimeout(resolve, 15));
    service.child.kill('SIGTERM');
    const results = await inFlight;
    const { code } = await service.exited;
    expect(code).toBe(0);
    expect(service.stdout()).toContain('Storage closed');

    const acknowledged = results.filter((result) => result.status === 201).map((result) => result.body.id as string);
    // Anything that was answered was answered completely: no 5xx from a store closed under it.
    expect(results.every((result) => result.status === 201 || result.status === 0)).toBe(true);

    const again = startService(env);
    await waitUntilLive(again);
    const stored = await tenantIds(again, msp.body.id);
    for (const id of acknowledged) expect(stored.has(id)).toBe(true);
    await stop(again);
  });

  it('keeps every acknowledged write after kill -9', async () => {
    const env = { DATA_DIR: freshDataDir(), OPERATOR_TOKEN, SEED_DEMO: 'false' };
    const service = startService(env);
    await waitUntilLive(service);
    const msp = await api(service, 'POST', '/api/v1/msps', { name: 'Crash MSP' });
    const results = await createTenants(service, msp.body.id, 25);
    await stop(service, 'SIGKILL');

    const again = startService(env);
    await waitUntilLive(again);
    const stored = await tenantIds(again, msp.body.id);
    const acknowledged = results.filter((result) => result.status === 201);
    expect(acknowledged).toHaveLength(25);
    for (const result of acknowledged) expect(stored.has(result.body.id)).toBe(true);
    await stop(again);
  });
});
