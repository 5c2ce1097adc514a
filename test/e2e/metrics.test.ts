import { enableLink, useTestApp } from '../support/fixtures';
import { paths, SSO_CONFIG, tokenOf } from '../support/test-app';

const PROJECTION_GAUGES = [
  'projection_events_behind',
  'projection_milliseconds_behind',
  'projection_last_applied_position',
  'projection_head_position',
];

/** The value of a sample line `name{labels} value` of the exposition text, or undefined. */
function sampleOf(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Label sets of every sample of the HTTP histogram's _count series. */
function httpCounts(text: string): { method: string; route: string; status: string; count: number }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('http_request_duration_seconds_count{'))
    .map((line) => {
      const labels = Object.fromEntries(
        [...line.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]),
      ) as Record<string, string>;
      return { method: labels.method, route: labels.route, status: labels.status, count: Number(line.split(' ').pop()) };
    });
}

describe('Prometheus metrics', () => {
  const t = useTestApp();
  let tenantId: string;
  const tokens: string[] = [];

  beforeAll(async () => {
    const { admin, tenant } = await t.anMspWithTenant();
    tenantId = tenant.id;
    const client = t.as(admin.token);
    tokens.push((await enableLink(t, admin.token, tenant.id)).token);
    // The public look-up of a real token, of a revoked one, and an unmatched path holding one.
    expect((await t.anonymous().get(paths.publicLink(tokens[0]))).status).toBe(200);
    const regenerated = await client.post(paths.regenerate(tenant.id));
    tokens.push(tokenOf(regenerated.body.url));
    expect((await t.anonymous().get(paths.publicLink(tokens[1]))).status).toBe(200);
    expect((await t.anonymous().get(paths.publicLink(tokens[0]))).status).toBe(404);
    expect((await t.anonymous().get(`/join/${tokens[1]}/nowhere`)).status).toBe(404);
    expect((await t.anonymous().get(`${paths.publicLink(tokens[1])}/not-a-route`)).status).toBe(404);
    // A guard's answer is timed too.
    expect((await t.anonymous().get(paths.inviteLink(tenant.id))).status).toBe(401);
    await client.put(paths.sso(tenant.id)).send(SSO_CONFIG);
    expect((await client.get(paths.inviteLink(tenant.id))).status).toBe(200);
  });

  it('answers 200 without credentials, in the Prometheus text format', async () => {
    const response = await t.anonymous().get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.text).toMatch(/^# HELP process_cpu_user_seconds_total /m);
    expect(response.text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });

  it('exposes the projection gauges, read from the running projection', async () => {
    const text = (await t.anonymous().get('/metrics')).text;
    for (const name of PROJECTION_GAUGES) {
      expect(text).toContain(`# TYPE ${name} gauge`);
      expect(sampleOf(text, name, 'projection="directory"')).toEqual(expect.any(Number));
    }
    const head = sampleOf(text, 'projection_head_position', 'projection="directory"')!;
    const lastApplied = sampleOf(text, 'projection_last_applied_position', 'projection="directory"')!;
    expect(head).toBeGreaterThan(0);
    expect(lastApplied).toBeLessThanOrEqual(head);
    expect(sampleOf(text, 'projection_events_behind', 'projection="directory"')).toBeGreaterThanOrEqual(0);
    expect(sampleOf(text, 'projection_milliseconds_behind', 'projection="directory"')).toBeGreaterThanOrEqual(0);
  });

  it('shows how far behind the projection is in readiness too', async () => {
    const ready = await t.anonymous().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.readModels).toEqual(
      expect.objectContaining({
        status: 'up',
        eventsBehind: expect.any(Number),
        millisecondsBehind: expect.any(Number),
        lastAppliedPosition: expect.any(Number),
        headPosition: expect.any(Number),
      }),
    );
  });

  it('times HTTP requests by method, route template and status', async () => {
    const counts = httpCounts((await t.anonymous().get('/metrics')).text);
    const has = (method: string, route: string, status: string) =>
      counts.some((c) => c.method === method && c.route === route && c.status === status && c.count >= 1);
    expect(has('PUT', '/api/v1/tenants/:tenantId/invite-link', '200')).toBe(true);
    expect(has('GET', '/api/v1/tenants/:tenantId/invite-link', '200')).toBe(true);
    expect(has('GET', '/api/v1/tenants/:tenantId/invite-link', '401')).toBe(true);
    expect(has('POST', '/api/v1/tenants/:tenantId/invite-link/regenerate', '200')).toBe(true);
    expect(has('GET', '/api/v1/invite-links/:token', '200')).toBe(true);
    expect(has('GET', '/api/v1/invite-links/:token', '404')).toBe(true);
    expect(has('POST', '/api/v1/msps', '201')).toBe(true);
    expect(has('GET', '<unmatched>', '404')).toBe(true);
    // Only templates: no label value holds an id or anything else taken from a URL.
    for (const { route } of counts) expect(route === '<unmatched>' || /^(\/(:?[A-Za-z][\w-]*)?)+$/.test(route)).toBe(true);
  });

  it('never contains an invite token, a tenant id or any raw URL', async () => {
    const text = (await t.anonymous().get('/metrics')).text;
    expect(tokens).toHaveLength(2);
    for (const token of tokens) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(encodeURIComponent(token));
      expect(text).not.toContain(token.slice(0, 16));
    }
    expect(text).not.toContain(tenantId);
    expect(text).not.toContain('/join/');
    expect(text).not.toContain('not-a-route');
  });
});
