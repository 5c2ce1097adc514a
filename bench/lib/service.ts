import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { track } from './children';
import { sleep } from './stats';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The built service as its own process, configured like production (NODE_ENV, log level). */
export interface Service {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly operatorToken: string;
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  readonly dataDir: string;
  /** Extra environment (READ_MODEL_URL, ...). */
  readonly env?: Record<string, string>;
  readonly nodeArgs?: readonly string[];
}

export const SERVICE_LOG_LEVEL = 'warn';

export function serviceEnvironment(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: SERVICE_LOG_LEVEL,
    SEED_DEMO: 'false',
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    TOKEN_SECRET: randomBytes(32).toString('base64url'),
    OPERATOR_TOKEN: randomBytes(32).toString('base64url'),
    ...extra,
  };
}

export async function startService(options: ServiceOptions, timeoutMs = 120_000): Promise<Service> {
  const env = serviceEnvironment(options.dataDir, options.env);
  // BENCH_SERVICE_NODE_ARGS: extra Node flags for the service, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
  // to profile it under a benchmark's load (a profile is written when the service stops).
  const profiling = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const nodeArgs = [...profiling, ...(options.nodeArgs ?? [])];
  const child = track(
    spawn(process.execPath, [...nodeArgs, join(REPO_ROOT, 'dist', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    if (err.length > 100_000) err = err.slice(-50_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the service exited during start:\n${err}\n${out}`);
    }
    const listening = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
    if (listening) {
      const baseUrl = `http://127.0.0.1:${listening[1]}`;
      const live = await fetch(`${baseUrl}/health/live`).then((r) => r.ok, () => false);
      if (live) {
        return {
          child,
          baseUrl,
          operatorToken: env.OPERATOR_TOKEN,
          env,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        };
      }
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service did not start within ${timeoutMs} ms:\n${err}`);
    }
    await sleep(50);
  }
}

/** Resident set size of a process, in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

export async function api<T = unknown>(
  service: Service,
  method: string,
  path: string,
  body?: unknown,
  token = service.operatorToken,
): Promise<T> {
  const response = await fetch(`${service.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A tenant with an enabled invite link; `token` is the link's secret (from its url). */
export interface BenchTenant {
  readonly tenantId: string;
  readonly token: string;
}

export async function createTenantsWithLinks(service: Service, count: number, label: string): Promise<BenchTenant[]> {
  const msp = await api<{ id: string }>(service, 'POST', '/api/v1/msps', { name: `Bench MSP ${label}` });
  const tenants: BenchTenant[] = [];
  for (let i = 0; i < count; i++) {
    const tenant = await api<{ id: string }>(service, 'POST', `/api/v1/msps/${msp.id}/tenants`, { name: `Bench ${label} ${i}` });
    const link = await api<{ url: string }>(service, 'PUT', `/api/v1/tenants/${tenant.id}/invite-link`, {
      enabled: true,
      defaultRoleId: 'member',
    });
    tenants.push({ tenantId: tenant.id, token: link.url.slice(link.url.lastIndexOf('/') + 1) });
  }
  return tenants;
}

/** Waits until the read models have applied every event (readiness with 0 events behind). */
export async function waitCaughtUp(service: Service, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${service.baseUrl}/health/ready`);
    const body = (await response.json()) as { details?: { readModels?: { eventsBehind?: number } } };
    if (response.ok && body.details?.readModels?.eventsBehind === 0) return;
    if (Date.now() > deadline) throw new Error('the read models did not catch up in time');
    await sleep(100);
  }
}

/** projection_milliseconds_behind from /metrics (the age of the oldest event not yet applied). */
export async function projectionLagMs(service: Service): Promise<number | undefined> {
  const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
  const match = /^projection_milliseconds_behind\{[^}]*\} (\S+)$/m.exec(text);
  return match ? Number(match[1]) : undefined;
}
