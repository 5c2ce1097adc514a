import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const HOLDER_SCRIPT = `
  const Database = require('better-sqlite3');
  const db = new Database(process.env.DB_FILE);
  db.exec('BEGIN IMMEDIATE');
  process.stdout.write('HOLDING\\n');
  setTimeout(() => {
    db.exec('COMMIT');
    db.close();
  }, Number(process.env.HOLD_MS));
`;

export interface LockHolder {
  /** Resolves when the holder has committed, closed the file and exited. */
  readonly released: Promise<void>;
}

/**
 * Another process that opens `file` (a new file stays in the rollback journal mode: nothing here
 * switches it to WAL) and holds its write lock for `holdMs`, as a process that is itself in the
 * middle of switching the file to WAL does. Resolves once the lock is held.
 */
export async function holdWriteLockInAnotherProcess(file: string, holdMs: number): Promise<LockHolder> {
  const child = spawn(process.execPath, ['-e', HOLDER_SCRIPT], {
    env: { ...process.env, DB_FILE: file, HOLD_MS: String(holdMs), NODE_PATH: join(__dirname, '../../node_modules') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const released = new Promise<void>((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`lock holder exited with ${code}`)))),
  );
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) if (line === 'HOLDING') break;
  return { released };
}
