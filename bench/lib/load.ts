import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { track } from './children';
import { REPO_ROOT } from './service';

/** One load run, executed by bench/workers/load-worker.ts in its own process. */
export interface LoadSpec {
  readonly kind: 'get' | 'signup' | 'put-role';
  readonly url: string;
  readonly durationSeconds: number;
  readonly connections: number;
  /** `get`: the paths, used in turn. */
  readonly paths?: readonly string[];
  /** `signup`: invite tokens, used in turn. */
  readonly tokens?: readonly string[];
  /** `put-role`: one tenant per connection. */
  readonly tenants?: readonly string[];
  readonly authorization?: string;
  /** Makes signup emails unique across runs. */
  readonly runId: string;
  /** X-Forwarded-For addresses: `addressPool` addresses of 127.0.0.0/8 from `addressOffset`. */
  readonly addressPool: number;
  readonly addressOffset: number;
}

export interface LoadResult {
  readonly durationSeconds: number;
  readonly ok: number;
  readonly okPerSecond: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
  readonly latencyMs: { p50: number; p99: number; mean: number };
}

/** The forked load generator; runs one spec at a time. */
export class LoadGenerator {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();

  constructor() {
    this.child = track(
      fork(join(__dirname, '..', 'workers', 'load-worker.ts'), [], {
        execArgv: ['--require', join(REPO_ROOT, 'test', 'support', 'register-ts.js')],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    this.child.on('message', (message: { id: number; result?: LoadResult; error?: string }) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.result) waiter.resolve(message.result);
      else waiter.reject(new Error(`load generator failed: ${message.error}`));
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`load generator exited (${code})`));
      this.pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  run(spec: LoadSpec): Promise<LoadResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, spec });
    });
  }

  close(): void {
    this.child.disconnect();
    this.child.kill();
  }
}
