import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { aSignupForm as form, aTenantWithLink, api, freshDataDir, OPERATOR_TOKEN, ServiceProcess, startService, stop, waitUntilLive, waitForOutput } from './service-process';

/**
 * R18 against real crashes: the built service kills itself (SIGKILL, see
 * src/modules/signup/application/crash-fault.ts) right after one step of a self-signup; a restart
 * without the fault and with no grace period lets the registration recovery job finish or undo
 * what was left, and afterwards there is no credential without a membership and no reserved
 * email without an account.
 */
describe('a signup interrupted by a crash is repaired by the recovery job (R18)', () => {
  jest.setTimeout(90_000);

  const secrets = {
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    TOKEN_SECRET: randomBytes(32).toString('base64url'),
  };
  let dataDir: string;
  let service: ServiceProcess | undefined;

  const baseEnv = () => ({ DATA_DIR: dataDir, OPERATOR_TOKEN, SEED_DEMO: 'false', ...secrets });

  beforeEach(() => {
    dataDir = freshDataDir();
  });
  afterEach(async () => {
    if (service) await stop(service, 'SIGKILL');
    service = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string>): Promise<ServiceProcess> {
    service = startService({ ...baseEnv(), ...env });
    await waitUntilLive(service);
    return service;
  }


  it.each([
    ['after-reserve', 'undone'],
    ['after-user', 'undone'],
    ['after-membership', 'completed'],
  ] as const)('crash %s: the registration is %s', async (fault, outcome) => {
    const crashing = await start({ FAULT_CRASH_AT: fault });
    const { adminToken, tenantId, token } = await aTenantWithLink(crashing);
    const email = `crash-${fault}-${randomBytes(3).toString('hex')}@example.org`;
    const password = 'Cr4sh-Test-Passw0rd!';
    await api(crashing, 'POST', `/api/v1/invite-links/${token}/signups`, form(email, password)).catch(() => undefined);
    expect(await crashing.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // Grace 0: the crashed registration is due at once. Only the pass at start runs (a long
    // interval): with grace 0 a periodic pass could also undo the test's own signup below while it
    // is in flight (it is open for a moment), which is what the grace period exists to prevent.
    const restarted = await start({ REGISTRATION_RECOVERY_GRACE_MS: '0', REGISTRATION_RECOVERY_INTERVAL_MS: '600000' });
    await waitForOutput(restarted, new RegExp(`Registration recovery: (completed|undid)`));

    const signIn = await api(restarted, 'POST', '/api/v1/auth/sign-in', { email, password });
    const users = (await api(restarted, 'GET', `/api/v1/tenants/${tenantId}/users`, undefined, adminToken)).body.items as { email: string }[];
    const again = await api(restarted, 'POST', `/api/v1/invite-links/${token}/signups`, form(email.toUpperCase(), password));
    if (outcome === 'completed') {
      // The membership was appended before the crash: the account is whole and works.
      expect(signIn.status).toBe(200);
      expect(users.map((user) => user.email)).toContain(email);
      expect(again.status).toBe(409);
      const me = await api(restarted, 'GET', '/api/v1/me', undefined, signIn.body.accessToken);
      expect(me.body.memberships).toEqual([{ tenantId, roleId: 'member' }]);
    } else {
      // No membership: no credential survives, and the email is free again.
      expect(signIn.status).toBe(401);
      expect(users.map((user) => user.email)).not.toContain(email);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(expect.objectContaining({ tenantId, roleId: 'member', redirectTo: '/app' }));
    }
  });
});
