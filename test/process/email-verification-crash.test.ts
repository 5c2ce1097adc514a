import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { linksIn, SmtpCatcher } from '../support/smtp-catcher';
import { aSignupForm, aTenantWithLink, api, freshDataDir, OPERATOR_TOKEN, ServiceProcess, startService, stop, waitUntilLive, waitForOutput } from './service-process';

/**
 * The verification mail is asked for by an event, so it survives a crash: the service is killed
 * (SIGKILL) after a signup answered 202 and before its mail could be sent (the mail server was
 * refusing, or none was listening), and the restarted service on the same DATA_DIR and secrets
 * sends it, once, with a link that confirms.
 */
describe('a verification mail not yet sent when the service is killed', () => {
  jest.setTimeout(120_000);

  const PUBLIC_BASE_URL = 'http://invites.test';
  const secrets = {
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    TOKEN_SECRET: randomBytes(32).toString('base64url'),
  };
  let catcher: SmtpCatcher;
  let dataDir: string;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    catcher = await SmtpCatcher.start();
  });
  afterAll(async () => {
    await catcher?.stop();
  });
  beforeEach(() => {
    dataDir = freshDataDir();
  });
  afterEach(async () => {
    catcher.refuse('none');
    for (const service of services.splice(0)) await stop(service, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(smtpUrl: string): Promise<ServiceProcess> {
    const service = startService({
      DATA_DIR: dataDir,
      OPERATOR_TOKEN,
      SEED_DEMO: 'false',
      PUBLIC_BASE_URL,
      SMTP_URL: smtpUrl,
      MAIL_OUTBOX_POLL_MS: '100',
      MAIL_RETRY_MIN_MS: '100',
      MAIL_RETRY_MAX_MS: '400',
      ...secrets,
    });
    services.push(service);
    await waitUntilLive(service);
    return service;
  }


  /** A local port where nothing listens (taken, then freed). */
  async function aDeadPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it.each([
    ['the mail server refuses (421)', 'refusing'],
    ['no mail server listens', 'absent'],
  ] as const)('%s, kill -9, restart: the mail arrives exactly once and its link confirms', async (_name, outage) => {
    if (outage === 'refusing') catcher.refuse('temporary');
    const crashing = await start(outage === 'refusing' ? catcher.url : `smtp://127.0.0.1:${await aDeadPort()}`);
    const { adminToken, tenantId, token } = await aTenantWithLink(crashing);
    const setting = await api(crashing, 'PUT', `/api/v1/tenants/${tenantId}/invite-link`, { requireEmailVerification: true }, adminToken);
    expect({ status: setting.status, required: setting.body.requireEmailVerification }).toEqual({ status: 200, required: true });

    const email = `crash-${randomBytes(3).toString('hex')}@example.org`;
    const password = 'Crash-Verify-Passw0rd!';
    const signup = await api(crashing, 'POST', `/api/v1/invite-links/${token}/signups`, aSignupForm(email, password));
    expect({ status: signup.status, body: signup.body }).toEqual({ status: 202, body: { status: 'verification_required', email } });

    // The outbox tried and failed: the mail is due and not sent when the process dies.
    await waitForOutput(crashing, /Mail \S+ \(email_verification\) not sent, attempt 1/);
    if (outage === 'refusing') expect(catcher.refusals).toBeGreaterThanOrEqual(1);
    crashing.child.kill('SIGKILL');
    expect(await crashing.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(catcher.mails.filter((mail) => mail.to.includes(email))).toEqual([]);

    catcher.refuse('none');
    const restarted = await start(catcher.url);
    const mail = await catcher.waitForMail((caught) => caught.to.includes(email), 20_000);
    await waitForOutput(restarted, /Mail \S+ \(email_verification\) sent after \d+ attempt\(s\)/);
    // Several more passes of the outbox: nothing is sent again.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(catcher.mails.filter((caught) => caught.to.includes(email))).toHaveLength(1);
    expect(mail.messageId).toMatch(/@invites\.test$/);

    const [link, ...others] = linksIn(mail);
    expect(others).toEqual([]);
    const code = new RegExp(`^${PUBLIC_BASE_URL.replace(/\./g, '\\.')}/verify-email/([A-Za-z0-9_-]{43})$`).exec(link)?.[1];
    expect(code).toEqual(expect.any(String));
    const confirmed = await api(restarted, 'POST', '/api/v1/email-verifications/confirm', { code });
    expect(confirmed).toEqual({
      status: 200,
      body: { userId: expect.any(String), tenantId, roleId: 'member', redirectTo: '/app' },
    });
    expect((await api(restarted, 'POST', '/api/v1/auth/sign-in', { email, password })).status).toBe(200);
    const users = (await api(restarted, 'GET', `/api/v1/tenants/${tenantId}/users`, undefined, adminToken)).body.items as { email: string; status: string }[];
    expect(users.filter((user) => user.email === email)).toEqual([expect.objectContaining({ status: 'active' })]);
  });
});
