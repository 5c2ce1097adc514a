import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { BUILT_IN_ROLES } from '../../src/modules/tenancy/domain/roles';
import { tenantStream } from '../../src/modules/tenancy/domain/tenant.events';
import { api, freshDataDir, OPERATOR_TOKEN, ServiceProcess, startService, stop, waitUntilLive } from './service-process';

jest.setTimeout(120_000);

interface CliRun {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
}

/** `npm run rebuild`, as an operator would run it next to the service (same environment). */
function runRebuild(env: Record<string, string>): CliRun {
  let out = '';
  let err = '';
  const child = spawn(process.execPath, [join(__dirname, '../../dist/cli/rebuild-read-models.js')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, stdout: () => out, stderr: () => err };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

const password = () => `Pw-${randomUUID().slice(0, 8)}-9a!`;

/** Created through the HTTP API: an MSP, its admin, tenants, users, roles, invite links, SSO, a cancel. */
async function createDirectory(service: ServiceProcess) {
  const created = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await api(service, method, path, body, token);
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const msp = await created('POST', '/api/v1/msps', { name: 'Rebuild MSP' });
  const adminEmail = `admin-${randomUUID()}@msp.example`;
  const adminPassword = password();
  await created('POST', `/api/v1/msps/${msp.id}/admins`, {
    email: adminEmail,
    password: adminPassword,
    firstName: 'Ada',
    lastName: 'Admin',
    permissions: ['manage_user_roles', 'view_audit_log'],
  });
  const { accessToken } = await created('POST', '/api/v1/auth/sign-in', { email: adminEmail, password: adminPassword });
  const tenants: string[] = [];
  for (let t = 0; t < 4; t++) {
    const tenant = await created('POST', `/api/v1/msps/${msp.id}/tenants`, { name: `Tenant ${t}` }, accessToken);
    tenants.push(tenant.id);
    const role = await created('POST', `/api/v1/tenants/${tenant.id}/roles`, { name: `Help Desk ${t}` }, accessToken);
    for (let u = 0; u < 5; u++) {
      await created(
        'POST',
        `/api/v1/tenants/${tenant.id}/users`,
        {
          email: `user-${t}-${u}-${randomUUID().slice(0, 6)}@tenant${t}.example`,
          password: password(),
          firstName: `User${u}`,
          lastName: `Of${t}`,
          roleId: u === 0 ? role.id : 'member',
        },
        accessToken,
      );
    }
    await created(
      'PUT',
      `/api/v1/tenants/${tenant.id}/invite-link`,
      { enabled: true, defaultRoleId: 'technician', allowedDomains: [`tenant${t}.example`, `extra${t}.example`] },
      accessToken,
    );
  }
  await created('POST', `/api/v1/tenants/${tenants[1]}/invite-link/regenerate`, undefined, accessToken);
  await created('PUT', `/api/v1/tenants/${tenants[2]}/invite-link`, { enabled: false }, accessToken);
  await created('PUT', `/api/v1/tenants/${tenants[3]}/sso`, { protocol: 'saml', entityId: 'urn:rebuild:idp', ssoUrl: 'https://idp.example/sso' });
  await created('POST', `/api/v1/tenants/${tenants[0]}/cancel`, undefined, accessToken);
  return { mspId: msp.id as string, tenants, accessToken: accessToken as string };
}

/** Every read the directory offers, as GET paths with the token to send. */
async function readPaths(service: ServiceProcess, directory: Awaited<ReturnType<typeof createDirectory>>) {
  const paths: { path: string; token?: string }[] = [
    { path: `/api/v1/msps/${directory.mspId}/tenants` },
    { path: `/api/v1/msps/${directory.mspId}/tenants`, token: directory.accessToken },
    { path: '/api/v1/me', token: directory.accessToken },
  ];
  for (const tenantId of directory.tenants) {
    paths.push(
      { path: `/api/v1/tenants/${tenantId}/users?limit=100` },
      { path: `/api/v1/tenants/${tenantId}/users?limit=2`, token: directory.accessToken },
      { path: `/api/v1/tenants/${tenantId}/invite-link`, token: directory.accessToken },
      { path: `/api/v1/tenants/${tenantId}/roles` },
    );
    const link = await api(service, 'GET', `/api/v1/tenants/${tenantId}/invite-link`);
    if (link.body.url) paths.push({ path: `/api/v1/invite-links/${String(link.body.url).split('/').pop()}` });
  }
  return paths;
}

async function snapshot(service: ServiceProcess, paths: { path: string; token?: string }[]) {
  const answers = new Map<string, unknown>();
  for (const { path, token } of paths) {
    const response = await api(service, 'GET', path, undefined, token);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    answers.set(`${token ? 'admin' : 'operator'} ${path}`, response.body);
  }
  return answers;
}

/** Appends tenants straight into the event log (other processes may share it), to give the rebuild some work. */
async function appendBulkTenants(dataDir: string, count: number): Promise<void> {
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite3'));
  try {
    for (let i = 0; i < count; i++) {
      const tenantId = randomUUID();
      await store.appendToStream(
        tenantStream(tenantId),
        [
          {
            id: randomUUID(),
            type: 'TenantCreated',
            data: { tenantId, mspId: 'bulk-msp', name: `Bulk ${i}`, builtInRoles: [...BUILT_IN_ROLES] },
            metadata: { actor: { type: 'operator' }, at: new Date().toISOString(), correlationId: randomUUID() },
          },
        ],
        { expectedRevision: 'no_stream' },
      );
    }
  } finally {
    await store.close();
  }
}

const pointerOf = (dataDir: string) => {
  const file = join(dataDir, 'read-models.current');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { generation: string; previous?: string }) : undefined;
};

describe('rebuilding the read models of a running service (npm run rebuild)', () => {
  let service: ServiceProcess | undefined;
  /** The first test's readers and writer run while this is true; a failed test must end them too. */
  let looping = false;

  afterEach(async () => {
    looping = false;
    if (service) await stop(service);
    service = undefined;
  });

  it('switches the service to rebuilt read models while it keeps answering reads and commands, with identical answers', async () => {
    const dataDir = freshDataDir();
    const env = { DATA_DIR: dataDir, OPERATOR_TOKEN, SEED_DEMO: 'false', READ_MODEL_GRACE_SECONDS: '0' };
    service = startService(env);
    await waitUntilLive(service);
    const running = service;

    const directory = await createDirectory(running);
    await appendBulkTenants(dataDir, 3000);
    // The bulk append can take longer than the service's keep-alive: the service closes the idle
    // socket, and fetch would reuse it ("other side closed") if the close had not been read yet.
    // One turn of the loop reads it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    // A second MSP takes the commands made during the rebuild, so the first one's answers stay put.
    const other = await api(running, 'POST', '/api/v1/msps', { name: 'Busy MSP' });
    const paths = await readPaths(running, directory);
    const before = await snapshot(running, paths);
    expect(existsSync(join(dataDir, 'read-models.sqlite3'))).toBe(true);
    expect(pointerOf(dataDir)).toBeUndefined();

    const problems: string[] = [];
    let reads = 0;
    let commands = 0;
    looping = true;
    const readers = Array.from({ length: 3 }, async (_, n) => {
      while (looping) {
        for (const { path, token } of paths) {
          const key = `${token ? 'admin' : 'operator'} ${path}`;
          const response = await api(running, 'GET', path, undefined, token).catch((error: Error) => ({ status: 0, body: error.message }));
          reads++;
          if (response.status !== 200 || !isDeepStrictEqual(response.body, before.get(key))) {
            problems.push(`reader ${n}: GET ${key} -> ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
          }
        }
      }
    });
    const writer = (async () => {
      while (looping) {
        const name = `During rebuild ${commands}`;
        const created = await api(running, 'POST', `/api/v1/msps/${other.body.id}/tenants`, { name });
        commands++;
        if (created.status !== 201) {
          problems.push(`command -> ${created.status} ${JSON.stringify(created.body)}`);
          continue;
        }
        // Read-your-writes: the next list already has it, whichever storage answers it.
        const list = await api(running, 'GET', `/api/v1/msps/${other.body.id}/tenants`);
        if (list.status !== 200 || !list.body.items.some((t: { id: string }) => t.id === created.body.id)) {
          problems.push(`tenant ${created.body.id} missing from the list right after its creation: ${list.status}`);
        }
      }
    })();

    await sleep(300);
    const startedAt = Date.now();
    const cli = runRebuild(env);
    const { code } = await cli.exited;
    const cliSeconds = (Date.now() - startedAt) / 1000;
    expect({ code, stderr: cli.stderr() }).toEqual({ code: 0, stderr: expect.any(String) });
    const generation = /Switched to generation (\S+) \(was initial\)/.exec(cli.stdout())?.[1];
    expect(generation).toBeDefined();
    expect(cli.stdout()).toMatch(/Rebuilt read models: [\d,]+ events in .+ \([\d,]+ events\/s\), up to position \d+\./);
    // Not a terminal: plain lines, first of which names the generation.
    expect(cli.stderr()).toContain(`Rebuilding read models into generation ${generation} (head position`);

    // The service moves over by itself within a few seconds: it logs so, the pointer names the
    // new generation, and the old file is gone (dropped only after the swap).
    await eventually(
      () => running.stdout().includes(`now serving generation ${generation}`) && !existsSync(join(dataDir, 'read-models.sqlite3')),
      5000,
      'the service serves the new generation and the old file is gone',
    );
    const switchedAfter = (Date.now() - startedAt) / 1000;
    expect(pointerOf(dataDir)).toEqual(expect.objectContaining({ generation, previous: 'initial' }));
    expect(existsSync(join(dataDir, `read-models-${generation}.sqlite3`))).toBe(true);
    await sleep(500);
    looping = false;
    await Promise.all([...readers, writer]);

    expect(problems).toEqual([]);
    expect(reads).toBeGreaterThan(paths.length * 3);
    expect(commands).toBeGreaterThan(3);
    expect(running.stdout()).not.toMatch(/Answering before the read models caught up/);

    // Identical answers from the new generation, and writes still read back at once.
    expect(await snapshot(running, paths)).toEqual(before);
    const tenant = await api(running, 'POST', `/api/v1/msps/${directory.mspId}/tenants`, { name: 'After the switch' }, directory.accessToken);
    expect(tenant.status).toBe(201);
    const list = await api(running, 'GET', `/api/v1/msps/${directory.mspId}/tenants`, undefined, directory.accessToken);
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain(tenant.body.id);
    const ready = await fetch(`${running.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);

    // Restarting keeps the new generation.
    expect((await stop(running)).code).toBe(0);
    service = startService(env);
    await waitUntilLive(service);
    const restarted = await api(service, 'GET', `/api/v1/msps/${directory.mspId}/tenants`, undefined, directory.accessToken);
    expect(restarted.body).toEqual(list.body);
    expect(service.stdout()).not.toContain('switching from generation');
    console.log(
      `rebuild process test: CLI ran ${cliSeconds.toFixed(2)} s, service switched ${switchedAfter.toFixed(2)} s after the CLI started; ` +
        `${reads} reads and ${commands} commands meanwhile`,
    );
  });

  it('works with no service running; the next start serves the rebuilt generation and drops the old one', async () => {
    const dataDir = freshDataDir();
    const env = { DATA_DIR: dataDir, OPERATOR_TOKEN, SEED_DEMO: 'false', READ_MODEL_GRACE_SECONDS: '0' };
    service = startService(env);
    await waitUntilLive(service);
    const directory = await createDirectory(service);
    const paths = await readPaths(service, directory);
    const before = await snapshot(service, paths);
    expect((await stop(service)).code).toBe(0);
    service = undefined;

    const cli = runRebuild(env);
    expect((await cli.exited).code).toBe(0);
    const generation = /Switched to generation (\S+)/.exec(cli.stdout())![1];
    expect(pointerOf(dataDir)?.generation).toBe(generation);

    service = startService(env);
    await waitUntilLive(service);
    const running = service;
    expect(await snapshot(running, paths)).toEqual(before);
    await eventually(() => !existsSync(join(dataDir, 'read-models.sqlite3')), 5000, 'the previous generation is dropped');
  });

  it('fails in one line and switches nothing when the configuration or the data directory is wrong', async () => {
    const bad = runRebuild({ DATA_DIR: freshDataDir(), READ_MODEL_URL: 'redis://localhost' });
    expect((await bad.exited).code).toBe(1);
    expect(bad.stderr().trim().split('\n')).toEqual([expect.stringContaining('READ_MODEL_URL')]);

    const empty = freshDataDir();
    const missing = runRebuild({ DATA_DIR: join(empty, 'typo') });
    expect((await missing.exited).code).toBe(1);
    expect(missing.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^Rebuild failed: there is no event store in .*typo/)]);
    expect(pointerOf(join(empty, 'typo'))).toBeUndefined();
  });
});
