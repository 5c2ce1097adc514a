import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ConfigError } from '../../src/config/app-config';
import { claimInstanceIdentity, DEFAULT_ID_SLOTS, instanceLockFile } from '../../src/infrastructure/instance-lock';

/**
 * An instance identity is held by at most one live process (the next run of an instance decides
 * at once the registrations its earlier runs left open: issue 11 #7), and a process that dies,
 * kill -9 included, gives it up without leaving anything stale behind.
 */
describe('instance identity lock', () => {
  let dataDir: string;
  const claims: { release(): void }[] = [];
  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'instance-lock-')), 'data');
  });
  afterEach(() => {
    for (const claim of claims.splice(0)) claim.release();
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });
  const claim = (id: string, explicit: boolean, runId?: string) => {
    const claimed = claimInstanceIdentity({ dataDir, instance: { id, explicit }, runId });
    claims.push(claimed);
    return claimed;
  };

  it('gives the identity to one holder at a time, with a new run id each time', () => {
    const first = claim('host:3000', true, 'run-1');
    expect(first.run).toEqual({ instanceId: 'host:3000', runId: 'run-1' });
    expect(first.warnings).toEqual([]);
    expect(statSync(instanceLockFile(dataDir, 'host:3000')).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);

    expect(() => claim('host:3000', true)).toThrow(ConfigError);
    expect(() => claim('host:3000', true)).toThrow(
      `Invalid configuration: INSTANCE_ID "host:3000" is held by another running process using DATA_DIR ${dataDir}: give each instance its own INSTANCE_ID`,
    );
    first.release();
    expect(claim('host:3000', true, 'run-2').run).toEqual({ instanceId: 'host:3000', runId: 'run-2' });
  });

  it('numbers a default identity that is taken (PORT=0), and goes on without one when all are taken', () => {
    const ids = Array.from({ length: DEFAULT_ID_SLOTS }, () => claim('host:0', false).run?.instanceId);
    expect(ids).toEqual(['host:0', 'host:0#2', 'host:0#3', 'host:0#4', 'host:0#5', 'host:0#6', 'host:0#7', 'host:0#8']);
    const none = claim('host:0', false);
    expect(none.run).toBeUndefined();
    expect(none.warnings).toEqual([expect.stringContaining('No instance identity: host:0 and its 7 numbered variants are held by running processes')]);
    // A freed one is taken again, the lowest first.
    claims[2].release();
    expect(claim('host:0', false).run?.instanceId).toBe('host:0#3');
  });

  it('goes on without an identity, with a warning, when DATA_DIR cannot hold the lock', () => {
    // A regular file where the directory should be.
    const file = join(dataDir, '..', 'not-a-directory');
    writeFileSync(file, '');
    const unusable = claimInstanceIdentity({ dataDir: join(file, 'data'), instance: { id: 'host:3000', explicit: true } });
    expect(unusable.run).toBeUndefined();
    expect(unusable.warnings).toEqual([expect.stringMatching(/^No instance identity \(.+\): registrations this process opens are not recorded/)]);
  });

  it('is free again as soon as its holder is killed with SIGKILL', async () => {
    const holder = spawn(
      process.execPath,
      [
        '--require',
        join(__dirname, '../support/register-ts.js'),
        '-e',
        `const { claimInstanceIdentity } = require(${JSON.stringify(join(__dirname, '../../src/infrastructure/instance-lock.ts'))});
         const claimed = claimInstanceIdentity({ dataDir: process.env.DATA_DIR, instance: { id: 'host:3000', explicit: true } });
         process.stdout.write('CLAIMED ' + claimed.run.instanceId + '\\n');
         setInterval(() => undefined, 1000);`,
      ],
      { env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => holder.on('exit', (_code, signal) => resolve(signal)));
    for await (const line of createInterface({ input: holder.stdout })) if (line === 'CLAIMED host:3000') break;

    expect(() => claim('host:3000', true)).toThrow(/is held by another running process/);
    holder.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(claim('host:3000', true, 'run-after-crash').run).toEqual({ instanceId: 'host:3000', runId: 'run-after-crash' });
  });
});
