import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigOrExplain } from '../config/app-config';
import { createEventStore } from '../infrastructure/event-store/event-store.factory';
import { readModelStorageFor } from '../infrastructure/read-models/read-model-storage';
import { rebuildReadModels } from '../infrastructure/read-models/rebuild/rebuild-read-models';
import { directoryProjection } from '../modules/read-models';
import { BarProgressDisplay, formatDuration, LineProgressDisplay, ProgressDisplay } from './rebuild-progress';

/**
 * `npm run rebuild`: replays the whole event log into a fresh read-model generation and switches
 * to it. Same environment as the service (DATA_DIR, EVENT_STORE_URL, READ_MODEL_URL). A running
 * service notices the switch within a second and moves over without interrupting requests.
 * Progress goes to stderr, the summary to stdout. Exit 0 on success; 1 with one line on failure,
 * in which case nothing was switched.
 */
async function main(): Promise<number> {
  const config = loadConfigOrExplain();
  if (!config) return 1;
  if (!config.eventStoreUrl && !existsSync(join(config.dataDir, 'events.sqlite3'))) {
    // Rebuilding from a log that is not there would switch the service to empty read models.
    console.error(`Rebuild failed: there is no event store in ${config.dataDir} (events.sqlite3); check DATA_DIR`);
    return 1;
  }

  const abort = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => abort.abort(new Error(`interrupted by ${signal}`)));
  }
  const display: ProgressDisplay = process.stderr.isTTY ? new BarProgressDisplay() : new LineProgressDisplay();
  const eventStore = createEventStore(config);
  const storage = readModelStorageFor(config);
  try {
    const result = await rebuildReadModels({
      eventStore,
      storage,
      projection: directoryProjection,
      signal: abort.signal,
      onProgress: (progress) => display.update(progress),
    });
    display.stop();
    const rate = result.seconds > 0 ? Math.round(result.events / result.seconds) : result.events;
    const lines = [
      `Rebuilt read models: ${result.events.toLocaleString('en-US')} events in ${formatDuration(result.seconds)} ` +
        `(${rate.toLocaleString('en-US')} events/s), up to position ${result.lastPosition ?? 'none'}.`,
      `Switched to generation ${result.generation} (was ${result.previousGeneration}) in ${storage.description}; ` +
        'a running service moves over by itself.',
    ];
    if (result.droppedLeftovers.length) {
      lines.push(`Dropped generations left by interrupted rebuilds: ${result.droppedLeftovers.join(', ')}.`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    display.stop();
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    console.error(`Rebuild failed: ${message}; nothing was switched`);
    return 1;
  } finally {
    await eventStore.close().catch(() => undefined);
    await storage.close().catch(() => undefined);
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`Rebuild failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    process.exitCode = 1;
  },
);
