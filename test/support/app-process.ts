/**
 * The application process of the end-to-end tests (run by test-app.ts with
 * `node --require ./register-ts.js`). It builds the real app with createApp and
 * loadConfig, listens on an ephemeral port and answers the test's requests over IPC.
 *
 * A child process keeps the app close to production, and its stdout is the real log stream.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/app-config';
import { Clock } from '../../src/shared/application/clock';
import { EVENT_STORE, EventStore } from '../../src/shared/application/event-store.port';
import { guardEventAppends, storeViolations } from './event-schemas';

export type ParentMessage = { id: number; type: 'countEvents' | 'readAll' | 'eventSchemaViolations' | 'close' };
export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'failed'; message: string }
  /** An append refused because the event does not match docs/events (sent at once: the test may crash the app later). */
  | { type: 'eventSchemaViolation'; violations: string[] }
  | { type: 'reply'; id: number; result?: unknown; error?: string };

/** Reads the instant the test set (epoch ms) from a file on every call; empty = real time. */
function fileClock(file: string | undefined): Clock | undefined {
  if (!file) return undefined;
  return {
    now() {
      const raw = readFileSync(file, 'utf8').trim();
      return raw === '' ? new Date() : new Date(Number(raw));
    },
  };
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const env = JSON.parse(process.env.TEST_APP_ENV ?? '{}') as Record<string, string>;
  const config = loadConfig(env);
  const app = await createApp(config, { clock: fileClock(process.env.TEST_APP_CLOCK_FILE) });
  const store = app.get<EventStore>(EVENT_STORE);
  // Every event the app writes must match its schema in docs/events (test/support/event-schemas.ts).
  guardEventAppends(store, (violations) => send({ type: 'eventSchemaViolation', violations }));
  await app.listen(config.port, config.host);

  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await app.close();
  };
  process.on('disconnect', () => void shutdown().finally(() => process.exit(0)));
  process.on('message', (message: ParentMessage) => {
    void (async () => {
      try {
        switch (message.type) {
          case 'countEvents':
            send({ type: 'reply', id: message.id, result: (await store.readAll()).length });
            return;
          case 'readAll':
            send({ type: 'reply', id: message.id, result: await store.readAll() });
            return;
          case 'eventSchemaViolations':
            send({ type: 'reply', id: message.id, result: await storeViolations(store) });
            return;
          case 'close':
            await shutdown();
            send({ type: 'reply', id: message.id });
            process.disconnect?.();
            process.exit(0);
        }
      } catch (error) {
        send({ type: 'reply', id: message.id, error: error instanceof Error ? error.stack : String(error) });
      }
    })();
  });
  send({ type: 'ready', port: (app.getHttpServer().address() as AddressInfo).port });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
