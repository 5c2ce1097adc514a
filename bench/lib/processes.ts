import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { track } from './children';
import { REPO_ROOT } from './service';

export const REGISTER_TS = join(REPO_ROOT, 'test', 'support', 'register-ts.js');
const PEAK_RSS = join(REPO_ROOT, 'bench', 'support', 'peak-rss.js');

export interface ProcessRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to exit. */
  readonly wallSeconds: number;
  /** Seconds from the first stderr line matching `startMarker` to exit (undefined without a marker). */
  readonly markedSeconds?: number;
  /** Peak resident set size (getrusage maxRSS), in MiB. */
  readonly peakRssMiB?: number;
}

/**
 * Runs a Node script as a child process, recording its peak RSS (preloaded bench/support/peak-rss.js)
 * and, optionally, the time since it printed a marker line on stderr (excludes module loading).
 */
export function runNode(
  args: readonly string[],
  options: { env?: Record<string, string>; startMarker?: RegExp; onStderrLine?: (line: string) => void } = {},
): Promise<ProcessRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  const rssFile = join(dir, 'peak-rss');
  const started = process.hrtime.bigint();
  let markedAt: bigint | undefined;
  // The harness's own storage settings never leak into a child: each scenario names its stores.
  const { READ_MODEL_URL: _readModels, EVENT_STORE_URL: _events, ...inherited } = process.env;
  const child = track(
    spawn(process.execPath, ['--require', PEAK_RSS, ...args], {
      env: { ...inherited, ...options.env, BENCH_PEAK_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderr += text;
    if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (markedAt === undefined && options.startMarker?.test(line)) markedAt = process.hrtime.bigint();
      options.onStderrLine?.(line);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const ended = process.hrtime.bigint();
      let peakRssMiB: number | undefined;
      try {
        peakRssMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
      } catch {
        peakRssMiB = undefined;
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({
        code,
        stdout,
        stderr,
        wallSeconds: Number(ended - started) / 1e9,
        markedSeconds: markedAt === undefined ? undefined : Number(ended - markedAt) / 1e9,
        peakRssMiB,
      });
    });
  });
}

/** A TypeScript worker of bench/workers, compiled on the fly like the tests' helpers. */
export const tsWorker = (name: string, ...args: string[]) => ['--require', REGISTER_TS, join(REPO_ROOT, 'bench', 'workers', name), ...args];
