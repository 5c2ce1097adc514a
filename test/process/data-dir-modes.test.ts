import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { api, freshDataDir, ServiceProcess, startService, stop, waitUntilLive } from './service-process';

/**
 * Issue 11 #4: DATA_DIR holds argon2 hashes (events, read models), invite-token ciphertexts and
 * generated secrets. After a real start, a signup and a rebuild, the directory is 0700 and every
 * file in it 0600: the SQLite files of every generation with their -wal and -shm, the generation
 * pointer, secrets.json and the instance lock. The test runs under the usual umask 022, with
 * which all of them used to be 0644.
 */
describe('DATA_DIR file modes', () => {
  jest.setTimeout(120_000);

  let dataDir: string;
  let service: ServiceProcess | undefined;
  let umask: number;
  beforeAll(() => (umask = process.umask(0o022)));
  afterAll(() => process.umask(umask));
  beforeEach(() => {
    // Missing, so that the service creates it.
    dataDir = join(freshDataDir(), 'data');
  });
  afterEach(async () => {
    if (service) await stop(service, 'SIGKILL');
    service = undefined;
    rmSync(dirname(dataDir), { recursive: true, force: true });
  });

  /** Every file in DATA_DIR with its mode, e.g. ['events.sqlite3', '600']. */
  const modes = () =>
    readdirSync(dataDir)
      .sort()
      .map((file) => [file, (statSync(join(dataDir, file)).mode & 0o777).toString(8)]);
  const allPrivate = (listed: string[][]) => listed.map(([file]) => [file, '600']);

  async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function rebuild(): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [join(__dirname, '../../dist/cli/rebuild-read-models.js')], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  }

  it('creates the directory 0700 and every file 0600 through a start, a signup and a rebuild', async () => {
    // Generated secrets (no SESSION_SECRET/TOKEN_SECRET), so that secrets.json is written too.
    const operatorToken = randomBytes(24).toString('base64url');
    service = startService({ DATA_DIR: dataDir, OPERATOR_TOKEN: operatorToken, SEED_DEMO: 'false', READ_MODEL_GRACE_SECONDS: '0' });
    await waitUntilLive(service);
    const s = service;
    expect(s.stderr()).not.toContain('DATA_DIR');

    const msp = await api(s, 'POST', '/api/v1/msps', { name: 'Modes MSP' }, operatorToken);
    const adminEmail = `admin-${randomBytes(3).toString('hex')}@example.org`;
    const adminPassword = 'Adm1n-Passw0rd!';
    await api(s, 'POST', `/api/v1/msps/${msp.body.id}/admins`, { email: adminEmail, password: adminPassword, firstName: 'A', lastName: 'B', permissions: ['manage_user_roles'] }, operatorToken);
    const adminToken = (await api(s, 'POST', '/api/v1/auth/sign-in', { email: adminEmail, password: adminPassword })).body.accessToken as string;
    const tenant = await api(s, 'POST', `/api/v1/msps/${msp.body.id}/tenants`, { name: 'Modes Tenant' }, adminToken);
    const link = await api(s, 'PUT', `/api/v1/tenants/${tenant.body.id}/invite-link`, { enabled: true, defaultRoleId: 'member' }, adminToken);
    const token = /\/join\/([^/?#]+)$/.exec(link.body.url as string)![1];
    const password = 'Modes-Signup-Passw0rd!';
    const signup = await api(s, 'POST', `/api/v1/invite-links/${token}/signups`, {
      firstName: 'Mo',
      lastName: 'Des',
      email: `user-${randomBytes(3).toString('hex')}@example.org`,
      password,
      passwordConfirmation: password,
      acceptTerms: true,
    });
    expect(signup.status).toBe(201);

    // While the service runs: both databases with their write-ahead logs and shared memory.
    const running = modes();
    expect(running.map(([file]) => file)).toEqual(
      expect.arrayContaining([
        'events.sqlite3',
        'events.sqlite3-shm',
        'events.sqlite3-wal',
        'read-models.sqlite3',
        'read-models.sqlite3-shm',
        'read-models.sqlite3-wal',
        'secrets.json',
      ]),
    );
    // The instance lock (and the rollback journal SQLite keeps next to it in exclusive mode).
    expect(running.filter(([file]) => /^instance-.*\.lock$/.test(file))).toHaveLength(1);
    expect(running).toEqual(allPrivate(running));
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');

    // A rebuild next to the running service: a new generation, the pointer, the rebuild lock.
    const cli = await rebuild();
    expect(cli.code).toBe(0);
    const generation = /Switched to generation (\S+)/.exec(cli.stdout)![1];
    // The service moves over by itself and then drops the generation it left.
    await until(() => !existsSync(join(dataDir, 'read-models.sqlite3')), 'the service serves the new generation and dropped the old one');
    const rebuilt = modes();
    expect(rebuilt.map(([file]) => file)).toEqual(
      expect.arrayContaining([`read-models-${generation}.sqlite3`, `read-models-${generation}.sqlite3-wal`, 'read-models.current']),
    );
    expect(rebuilt).toEqual(allPrivate(rebuilt));

    await stop(s);
    const stopped = modes();
    expect(stopped).toEqual(allPrivate(stopped));
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
  });
});
