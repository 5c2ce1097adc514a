import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Starts the worker thread whose code is `<dir>/<name>.js`. Built code has that file next to its
 * callers. Run from the TypeScript sources (Jest, `node --require test/support/register-ts.js`),
 * it does not: the thread then compiles the .ts files it loads with swc (a development
 * dependency), as the test tooling does for the main thread. `what` names the thread in the error
 * when neither file is there.
 */
export function startWorkerThread(dir: string, name: string, workerData: object, what: string): Worker {
  const built = join(dir, `${name}.js`);
  if (existsSync(built)) return new Worker(built, { workerData });
  const source = join(dir, `${name}.ts`);
  if (!existsSync(source)) throw new Error(`${what} is missing: no ${built}`);
  return new Worker(FROM_TYPESCRIPT, { eval: true, workerData: { ...workerData, entry: source } });
}

const FROM_TYPESCRIPT = `
  const { readFileSync } = require('node:fs');
  const { createRequire } = require('node:module');
  const { workerData } = require('node:worker_threads');
  const { transformSync } = createRequire(workerData.entry)('@swc/core');
  const options = { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: 'inline' };
  require.extensions['.ts'] = (module, filename) =>
    module._compile(transformSync(readFileSync(filename, 'utf8'), { ...options, filename }).code, filename);
  require(workerData.entry);
`;
