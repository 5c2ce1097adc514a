import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built service (`dist/main.js`, built by `npm test`'s pretest step) as a child process. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Known once the service printed the port it listens on (see waitUntilLive). */
  baseUrl: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export const OPERATOR_TOKEN = 'process-test-operator-token';

export const freshDataDir = () => mkdtempSync(join(tmpdir(), 'invite-links-process-'));

/** Starts the service on a free port chosen by the system (PORT=0). */
export function startService(env: Record<string, string>): ServiceProcess {
  let out = '';
  let err = '';
  const child = spawn(process.execPath, [join(__dirname, '../../dist/main.js')], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, baseUrl: '', stdout: () => out, stderr: () => err, exited };
}

/**
 * Resolves once the service has printed its port and answers its liveness check (or rejects
 * when it exits first).
 */
export async function waitUntilLive(service: ServiceProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`service exited early:\n${service.stderr()}\n${service.stdout()}`);
    const listening = /listening on 127\.0\.0\.1:(\d+)/.exec(service.stdout());
    if (listening) {
      service.baseUrl = `http://127.0.0.1:${listening[1]}`;
      const response = await fetch(`${service.baseUrl}/health/live`);
      if (response.ok) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('service did not become live in time');
}

/** Waits until the process has printed something matching `pattern` (stdout or stderr). */
export async function waitForOutput(s: ServiceProcess, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(s.stdout() + s.stderr())) {
    if (Date.now() > deadline) throw new Error(`no ${pattern} in the output:\n${s.stdout()}\n${s.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function stop(service: ServiceProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill(signal);
  return service.exited;
}

export async function api(service: ServiceProcess, method: string, path: string, body?: unknown, token = OPERATOR_TOKEN) {
  const response = await fetch(`${service.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** An MSP, one of its admins (signed in) and a tenant whose invite link is enabled. */
export async function aTenantWithLink(s: ServiceProcess) {
  const msp = await api(s, 'POST', '/api/v1/msps', { name: 'Crash MSP' });
  const email = `admin-${randomBytes(3).toString('hex')}@example.org`;
  const password = 'Adm1n-Passw0rd!';
  const permissions = ['manage_user_roles'];
  expect((await api(s, 'POST', `/api/v1/msps/${msp.body.id}/admins`, { email, password, firstName: 'A', lastName: 'B', permissions })).status).toBe(201);
  const adminToken = (await api(s, 'POST', '/api/v1/auth/sign-in', { email, password })).body.accessToken as string;
  const tenant = await api(s, 'POST', `/api/v1/msps/${msp.body.id}/tenants`, { name: 'Crash Tenant' }, adminToken);
  const link = await api(s, 'PUT', `/api/v1/tenants/${tenant.body.id}/invite-link`, { enabled: true, defaultRoleId: 'member' }, adminToken);
  const token = /\/join\/([^/?#]+)$/.exec(link.body.url as string)![1];
  return { adminToken, tenantId: tenant.body.id as string, token };
}

/** The body of a signup through an invite link. */
export const aSignupForm = (email: string, password: string) => ({
  firstName: 'Cora',
  lastName: 'Crash',
  email,
  password,
  passwordConfirmation: password,
  acceptTerms: true,
});
