import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { useTestApp } from '../support/fixtures';
import { aStrongPassword, anEmail, paths, tokenOf } from '../support/test-app';

/**
 * R1 and README, Configuration: secrets never reach logs or responses. The app runs with LOG_LEVEL=info and
 * its real log stream (the process's stdout: pino JSON lines) is captured.
 */
describe('logs and secrets', () => {
  const t = useTestApp({ logLevel: 'info', secrets: 'generated' });
  const responses: Response[] = [];
  const secrets: Record<string, string> = {};

  const keep = async (pending: PromiseLike<Response>) => {
    const response = await pending;
    responses.push(response);
    return response;
  };

  async function waitForLogLine(marker: string): Promise<void> {
    for (let i = 0; i < 100 && !t.output().includes(marker); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(t.output()).toContain(marker);
  }

  beforeAll(async () => {
    const adminPassword = aStrongPassword();
    const userPassword = aStrongPassword();
    const wrongPassword = aStrongPassword();
    const adminEmail = anEmail('logged-admin');
    Object.assign(secrets, { adminPassword, userPassword, wrongPassword, operatorToken: t.operatorToken });

    const msp = (await keep(t.operator().post(paths.msps()).send({ name: 'Logged MSP' }))).body;
    await keep(
      t
        .operator()
        .post(paths.admins(msp.id))
        .send({ email: adminEmail, password: adminPassword, firstName: 'Log', lastName: 'Admin', permissions: ['manage_user_roles'] }),
    );
    const signedIn = await keep(t.anonymous().post(paths.signIn()).send({ email: adminEmail, password: adminPassword }));
    secrets.accessToken = signedIn.body.accessToken;
    const admin = t.as(secrets.accessToken);
    await keep(t.anonymous().post(paths.signIn()).send({ email: adminEmail, password: wrongPassword }));
    await keep(t.anonymous().post(paths.signIn()).send({ email: 'unknown@nowhere.example', password: wrongPassword }));

    const tenant = (await keep(admin.post(paths.tenants(msp.id)).send({ name: 'Logged Tenant' }))).body;
    await keep(
      admin
        .post(paths.users(tenant.id))
        .send({ email: anEmail('logged-user'), password: userPassword, firstName: 'Log', lastName: 'User', roleId: 'member' }),
    );
    // A refused password is reported, never echoed.
    await keep(
      admin
        .post(paths.users(tenant.id))
        .send({ email: anEmail('weak'), password: 'weakpassword', firstName: 'Weak', lastName: 'User', roleId: 'member' }),
    );
    const enabled = await keep(admin.put(paths.inviteLink(tenant.id)).send({ enabled: true, defaultRoleId: 'member' }));
    secrets.firstInviteToken = tokenOf(enabled.body.url);
    await keep(t.anonymous().get(paths.publicLink(secrets.firstInviteToken)));
    const regenerated = await keep(admin.post(paths.regenerate(tenant.id)));
    secrets.secondInviteToken = tokenOf(regenerated.body.url);
    await keep(t.anonymous().get(paths.publicLink(secrets.secondInviteToken)));
    await keep(t.anonymous().get(paths.publicLink(secrets.firstInviteToken)));
    await keep(admin.get(paths.inviteLink(tenant.id)));
    await keep(admin.get(paths.history(tenant.id)));
    await keep(admin.get(paths.users(tenant.id)));
    await keep(admin.get(paths.me()));
    await keep(t.anonymous().get(paths.inviteLink(tenant.id)).set('Cookie', `session=${secrets.accessToken}`));

    const stored = JSON.parse(readFileSync(join(t.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    secrets.sessionSecret = stored.SESSION_SECRET;
    secrets.tokenSecret = stored.TOKEN_SECRET;

    await keep(t.anonymous().get('/health').set('X-Request-Id', 'last-request-of-the-scenario'));
    await waitForLogLine('last-request-of-the-scenario');
  });

  it('writes structured JSON log lines, one per request, with request ids', () => {
    const lines = t
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(responses.length);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = parsed.filter((entry) => entry.req !== undefined);
    expect(requests.length).toBeGreaterThanOrEqual(responses.length);
    for (const response of responses) {
      const id = response.headers['x-request-id'];
      expect(id).toEqual(expect.any(String));
      expect(requests.some((entry) => (entry.req as { id: string }).id === id)).toBe(true);
    }
  });

  it('logs invite-link look-ups with a placeholder instead of the token', () => {
    expect(t.output()).toContain('/api/v1/invite-links/[token]');
  });

  it.each([
    'adminPassword',
    'userPassword',
    'wrongPassword',
    'operatorToken',
    'accessToken',
    'firstInviteToken',
    'secondInviteToken',
    'sessionSecret',
    'tokenSecret',
  ])('never logs the %s', (name) => {
    expect(secrets[name]).toEqual(expect.any(String));
    expect(secrets[name].length).toBeGreaterThan(8);
    expect(t.output()).not.toContain(secrets[name]);
  });

  it('never logs a password hash or a weak password that was refused', () => {
    expect(t.output()).not.toMatch(/\$argon2/);
    expect(t.output()).not.toContain('weakpassword');
  });

  it('never returns a password, a password hash or a secret in a response', () => {
    const bodies = responses.map((response) => response.text).join('\n');
    expect(bodies).not.toMatch(/passwordHash|\$argon2/i);
    expect(bodies).not.toContain('weakpassword');
    for (const name of ['adminPassword', 'userPassword', 'wrongPassword', 'operatorToken', 'sessionSecret', 'tokenSecret']) {
      expect([name, bodies.includes(secrets[name])]).toEqual([name, false]);
    }
  });

  it('keeps the generated secrets in DATA_DIR readable by the owner only', () => {
    expect(statSync(join(t.dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('keeps plaintext passwords out of the stored events', async () => {
    const events = JSON.stringify(await t.readAllEvents());
    for (const name of ['adminPassword', 'userPassword', 'wrongPassword', 'firstInviteToken', 'secondInviteToken']) {
      expect([name, events.includes(secrets[name])]).toEqual([name, false]);
    }
    expect(events).not.toContain('weakpassword');
  });
});
