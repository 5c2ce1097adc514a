import { fork } from 'node:child_process';
import { join } from 'node:path';

/** One route the app serves, in Express's notation (`/api/v1/tenants/:tenantId/users`). */
export interface AppRoute {
  readonly method: string;
  readonly path: string;
}

export const routeKey = (route: AppRoute): string => `${route.method} ${route.path}`;

const ROUTE_TABLE_TIMEOUT_MS = 30_000;

/**
 * The routes of the real application, read from its Express router (see route-table-process.ts),
 * so that a test built on them covers a route as soon as a controller adds it.
 */
export function appRoutes(): Promise<AppRoute[]> {
  const child = fork(join(__dirname, 'route-table-process.ts'), [], {
    execArgv: ['--require', join(__dirname, 'register-ts.js'), '--disable-warning=ExperimentalWarning'],
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise<AppRoute[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Reading the route table timed out:\n${output}`));
    }, ROUTE_TABLE_TIMEOUT_MS);
    child.on('message', (message: { type: 'routes'; routes: AppRoute[] } | { type: 'failed'; message: string }) => {
      clearTimeout(timer);
      if (message.type === 'routes') resolve(message.routes);
      else reject(new Error(`Reading the route table failed: ${message.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The route-table process exited (${code}) without an answer:\n${output}`));
    });
  });
}

/** The operations of an OpenAPI document as routes (`{tenantId}` becomes `:tenantId`). */
export function openApiRoutes(document: { paths?: Record<string, Record<string, unknown>> }): AppRoute[] {
  const verbs = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => verbs.has(key))
      .map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{([^}]+)\}/g, ':$1') })),
  );
}

/** The names of a route's path parameters, in order. */
export const pathParameters = (path: string): string[] => [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]);
