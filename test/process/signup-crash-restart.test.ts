import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { aSignupForm as form, aTenantWithLink, api, freshDataDir, OPERATOR_TOKEN, ServiceProcess, startService, stop, waitUntilLive, waitForOutput } from './service-process';

/**
 * Issue 11 #7: after kill -9 in the middle of a signup, the same instance, restarted with the
 * DEFAULT 5-minute grace period, decides the registrations its crashed run left open at once, so
 * the person who retries right away signs up; another instance, which cannot know whether the
 * one that opened a registration is alive, keeps the grace period (R18 under concurrency).
 */
describe('a signup interrupted by a crash, and the restart of the same instance', () => {
  jest.setTimeout(120_000);

  const secrets = {
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    TOKEN_SECRET: randomBytes(32).toString('base64url'),
  };
  let dataDir: string;
  const services: ServiceProcess[] = [];

  beforeEach(() => {
    dataDir = freshDataDir();
  });
  afterEach(async () => {
    for (const service of services.splice(0)) {
      service.child.kill('SIGCONT');
      await stop(service, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The default grace period and interval of the recovery job unless `env` says otherwise. */
  async function start(env: Record<string, string> = {}): Promise<ServiceProcess> {
    const service = startService({ DATA_DIR: dataDir, OPERATOR_TOKEN, SEED_DEMO: 'false', ...secrets, ...env });
    services.push(service);
    await waitUntilLive(service);
    return service;
  }

  const signUp = (s: ServiceProcess, token: string, email: string, password: string) =>
    api(s, 'POST', `/api/v1/invite-links/${token}/signups`, form(email, password));


  /** Until the process is in the stopped state (it sent itself SIGSTOP). */
  async function waitUntilStopped(s: ServiceProcess, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // The state is the field after the parenthesised command name in /proc/<pid>/stat.
    while (/\) (\S)/.exec(readFileSync(`/proc/${s.child.pid}/stat`, 'utf8'))?.[1] !== 'T') {
      if (Date.now() > deadline) throw new Error(`the process did not stop:\n${s.stdout()}\n${s.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const instanceOf = (s: ServiceProcess) => /instance: {4}(\S+) \(run /.exec(s.stdout())?.[1];

  it.each(['after-reserve', 'after-user'])(
    'crash %s: right after the restart, the same email signs up, and the interrupted account is gone',
    async (fault) => {
      const crashing = await start({ FAULT_CRASH_AT: fault });
      const { adminToken, tenantId, token } = await aTenantWithLink(crashing);
      const email = `retry-${fault}-${randomBytes(3).toString('hex')}@example.org`;
      await signUp(crashing, token, email, 'First-Attempt-Passw0rd!').catch(() => undefined);
      expect(await crashing.exited).toEqual({ code: null, signal: 'SIGKILL' });

      // Same DATA_DIR, same default identity (<hostname>:0), default 5-minute grace period.
      const restarted = await start();
      expect(instanceOf(restarted)).toBe(instanceOf(crashing));
      const again = await signUp(restarted, token, email, 'Second-Attempt-Passw0rd!');
      expect(again.status).toBe(201);
      expect(again.body).toEqual(expect.objectContaining({ tenantId, roleId: 'member', redirectTo: '/app' }));

      expect((await api(restarted, 'POST', '/api/v1/auth/sign-in', { email, password: 'Second-Attempt-Passw0rd!' })).status).toBe(200);
      expect((await api(restarted, 'POST', '/api/v1/auth/sign-in', { email, password: 'First-Attempt-Passw0rd!' })).status).toBe(401);
      const users = (await api(restarted, 'GET', `/api/v1/tenants/${tenantId}/users`, undefined, adminToken)).body.items as { email: string }[];
      expect(users.filter((user) => user.email === email)).toHaveLength(1);
      expect(restarted.stdout()).toMatch(/Registration recovery: undid the interrupted registration/);
    },
  );

  it('crash after the membership: the restart completes the registration at start, without waiting for the grace period', async () => {
    const crashing = await start({ FAULT_CRASH_AT: 'after-membership' });
    const { token } = await aTenantWithLink(crashing);
    const email = `whole-${randomBytes(3).toString('hex')}@example.org`;
    await signUp(crashing, token, email, 'Whole-Account-Passw0rd!').catch(() => undefined);
    expect(await crashing.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const restarted = await start();
    await waitForOutput(restarted, /Registration recovery: completed the registration of user/);
    expect(restarted.stdout()).toMatch(/Registration recovery: 1 completed, 0 undone, 0 expired unverified, 0 failed/);
    expect((await api(restarted, 'POST', '/api/v1/auth/sign-in', { email, password: 'Whole-Account-Passw0rd!' })).status).toBe(200);
    expect((await signUp(restarted, token, email, 'Whole-Account-Passw0rd!')).status).toBe(409);
  });

  it('a registration of another live instance is left alone for the grace period; its identity cannot be taken meanwhile', async () => {
    // Instance a freezes (SIGSTOP) in the middle of a signup: alive, holding its identity, its
    // registration open. Instance b runs its recovery job every 200 ms with the default grace.
    const a = await start({ INSTANCE_ID: 'instance-a', FAULT_CRASH_AT: 'after-user', FAULT_CRASH_SIGNAL: 'SIGSTOP' });
    const b = await start({ INSTANCE_ID: 'instance-b', REGISTRATION_RECOVERY_INTERVAL_MS: '200' });
    const { adminToken, tenantId, token } = await aTenantWithLink(b);
    const email = `frozen-${randomBytes(3).toString('hex')}@example.org`;
    const frozenSignup = signUp(a, token, email, 'Frozen-Signup-Passw0rd!');
    await waitUntilStopped(a);
    expect((await signUp(b, token, email, 'Other-Attempt-Passw0rd!')).status).toBe(409);

    // Two seconds: ten passes of b's job. Nothing is decided, retries are refused.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await signUp(b, token, email, 'Other-Attempt-Passw0rd!')).status).toBe(409);
    expect(b.stdout()).not.toMatch(/Registration recovery/);

    // A second process cannot claim instance-a while the frozen one holds it.
    const impostor = startService({ DATA_DIR: dataDir, OPERATOR_TOKEN, SEED_DEMO: 'false', ...secrets, INSTANCE_ID: 'instance-a' });
    services.push(impostor);
    expect((await impostor.exited).code).toBe(1);
    expect(impostor.stderr()).toContain(
      `Invalid configuration: INSTANCE_ID "instance-a" is held by another running process using DATA_DIR ${dataDir}: give each instance its own INSTANCE_ID`,
    );

    // The frozen instance goes on: its signup completes, exactly one account.
    a.child.kill('SIGCONT');
    const finished = await frozenSignup;
    expect(finished.status).toBe(201);
    expect((await api(b, 'POST', '/api/v1/auth/sign-in', { email, password: 'Frozen-Signup-Passw0rd!' })).status).toBe(200);
    const users = (await api(b, 'GET', `/api/v1/tenants/${tenantId}/users`, undefined, adminToken)).body.items as { email: string }[];
    expect(users.filter((user) => user.email === email)).toHaveLength(1);
    expect(a.stdout() + b.stdout()).not.toMatch(/Registration recovery/);
  });
});
