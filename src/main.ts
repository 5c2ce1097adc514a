import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { ConfigError, loadConfigOrExplain } from './config/app-config';
import { claimInstanceIdentity } from './infrastructure/instance-lock';
import { seedDemoIfEmpty } from './seed/demo-seed';

async function main(): Promise<void> {
  const config = loadConfigOrExplain();
  // One clear line naming the variable, then stop.
  if (!config) process.exit(1);
  // Before anything can open a registration, and held until the process ends (see instance-lock.ts).
  const instance = claimInstanceIdentity({ dataDir: config.dataDir, instance: config.instance });
  const app = await createApp({ ...config, serviceRun: instance.run });
  for (const warning of [...config.warnings, ...instance.warnings]) console.warn(`Configuration warning: ${warning}`);
  await app.listen(config.port, config.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const seeded = config.seedDemo ? await seedDemoIfEmpty(app, config) : null;
  const lines = [
    '',
    `Invite links service listening on ${config.host}:${port} (public URL ${config.publicBaseUrl})`,
    `  storage:     events in ${config.eventStoreUrl ? 'KurrentDB' : `SQLite (${config.dataDir})`}, read models in ${config.readModelUrl ? 'MongoDB' : `SQLite (${config.dataDir})`}`,
    `  API docs:    ${config.publicBaseUrl}/api/docs`,
    `  health:      ${config.publicBaseUrl}/health     metrics: ${config.publicBaseUrl}/metrics`,
    `  operator API ${config.operatorToken ? 'enabled (OPERATOR_TOKEN)' : 'disabled: set OPERATOR_TOKEN to create MSPs and admins'}`,
    `  instance:    ${instance.run ? `${instance.run.instanceId} (run ${instance.run.runId})` : 'none claimed (see the warning above)'}`,
  ];
  if (seeded) lines.push(...seeded);
  process.stdout.write(`${lines.join('\n')}\n\n`);

  // Graceful shutdown: stop accepting connections, let in-flight requests (and their appends)
  // finish, close storage, exit 0. A second signal stops at once.
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) process.exit(1);
      closing = true;
      app.close().then(
        () => {
          // Only now: requests in flight may still have been opening registrations until here.
          instance.release();
          process.exit(0);
        },
        (error: unknown) => {
          console.error('Shutdown failed:', error);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  // Settings read by a module at start fail the same way as the others: one line.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
