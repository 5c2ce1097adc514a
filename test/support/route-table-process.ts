/**
 * Builds the real application (createApp, as in main.ts), without listening, and sends the
 * routes its Express router serves to the parent (route-table.ts), then exits. A process of its
 * own for the same reasons as app-process.ts: production module loading, nothing left behind.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { METHODS } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/app-config';

export interface RouterLayer {
  readonly route?: { readonly path?: unknown; readonly methods?: Record<string, boolean> };
}

/**
 * Every (method, path) an Express 5 router answers with a route of its own, once. Nest mounts
 * middleware bound with forRoutes('*') as a wildcard route for every HTTP method: that serves
 * nothing by itself, so it is left out; middleware bound to one route shows up as a second layer
 * of that route, which the de-duplication folds in.
 */
export function routesOfRouter(stack: readonly RouterLayer[]): { method: string; path: string }[] {
  const seen = new Set<string>();
  const routes: { method: string; path: string }[] = [];
  for (const layer of stack) {
    const { path, methods } = layer.route ?? {};
    if (typeof path !== 'string' || !methods) continue;
    const verbs = Object.keys(methods).filter((method) => methods[method]);
    const everyMethod = methods._all === true || METHODS.every((method) => methods[method.toLowerCase()]);
    if (everyMethod && path.includes('*')) continue;
    for (const verb of verbs) {
      const method = verb === '_all' ? 'ALL' : verb.toUpperCase();
      const key = `${method} ${path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      routes.push({ method, path });
    }
  }
  return routes;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'invite-links-routes-'));
  try {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      SESSION_SECRET: 'route-table-session-secret-of-enough-length',
      TOKEN_SECRET: 'route-table-token-secret-of-enough-length',
      OPERATOR_TOKEN: 'route-table-operator-token-of-enough-length',
    });
    const app = await createApp(config);
    await app.init();
    const express = app.getHttpAdapter().getInstance() as { router?: { stack: RouterLayer[] }; _router?: { stack: RouterLayer[] } };
    const router = express.router ?? express._router;
    if (!router) throw new Error('The Express application has no router to read the routes from');
    const routes = routesOfRouter(router.stack);
    await app.close();
    await new Promise<void>((resolve) => process.send!({ type: 'routes', routes }, () => resolve()));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.send?.({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () =>
      process.exit(1),
    );
  },
);
