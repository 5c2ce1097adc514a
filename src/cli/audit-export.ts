import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { createEventStore, EventStoreConfig } from '../infrastructure/event-store/event-store.factory';
import { AuditExportProgress, exportAuditEvents } from '../modules/audit/application/audit-export';
import { parseInstant } from '../shared/domain/audit-query';
import { formatDuration } from './rebuild-progress';
import { auditThreadsOf, exportedInWorkers } from './log-workers';

/**
 * `npm run audit:export -- [--msp ID] [--tenant ID] [--from ISO] [--to ISO] [--out FILE]`: the
 * audit events as CloudEvents, one JSON per line (NDJSON), to FILE or stdout. Same environment as
 * the service (DATA_DIR, EVENT_STORE_URL). Reads the log page by page and writes with
 * backpressure, so memory stays flat whatever the size of the log. Progress goes to stderr (a bar
 * on a terminal, a line every few seconds otherwise), never to stdout, where the data may go.
 * Exit 0 on success, 1 when the export failed (a FILE is then not left half written), 2 on bad
 * arguments.
 */
const USAGE = 'usage: npm run audit:export -- [--msp ID] [--tenant ID] [--from ISO] [--to ISO] [--out FILE]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Arguments {
  readonly mspId?: string;
  readonly tenantId?: string;
  readonly from?: number;
  readonly to?: number;
  readonly out?: string;
}

class ArgumentError extends Error {}

export function parseExportArguments(argv: readonly string[]): Arguments {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { msp: { type: 'string' }, tenant: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    throw new ArgumentError(error instanceof Error ? error.message : String(error));
  }
  const id = (name: 'msp' | 'tenant') => {
    const value = values[name];
    if (value !== undefined && !UUID.test(value)) throw new ArgumentError(`--${name} must be a UUID (got "${value}")`);
    return value?.toLowerCase();
  };
  const instant = (name: 'from' | 'to') => {
    const value = values[name];
    if (value === undefined) return undefined;
    const millis = parseInstant(value);
    if (millis === undefined) throw new ArgumentError(`--${name} must be an ISO-8601 date or date-time with a zone, such as 2026-01-31T00:00:00Z (got "${value}")`);
    return millis;
  };
  if (values.out === '') throw new ArgumentError('--out must name a file');
  const parsed = { mspId: id('msp'), tenantId: id('tenant'), from: instant('from'), to: instant('to'), out: values.out };
  // As the feed and the history take `from` and `to`: an empty or inverted window is a mistake.
  if (parsed.from !== undefined && parsed.to !== undefined && parsed.to <= parsed.from) {
    throw new ArgumentError('--to must be later than --from (--from is inclusive, --to is exclusive)');
  }
  return parsed;
}

interface ProgressDisplay {
  update(progress: AuditExportProgress): void;
  stop(): void;
}

const fractionOf = ({ position, firstPosition, headPosition }: AuditExportProgress): number =>
  position === undefined || firstPosition === undefined || headPosition === undefined
    ? 0
    : Math.min(1, (position - firstPosition + 1) / (headPosition - firstPosition + 1));

class BarDisplay implements ProgressDisplay {
  private readonly bar = new SingleBar(
    { stream: process.stderr, format: 'Exporting [{bar}] {percentage}% | {examined} events read | {written} written', barsize: 30, hideCursor: true, fps: 10 },
    Presets.shades_classic,
  );
  private started = false;

  update(progress: AuditExportProgress): void {
    const payload = { examined: progress.examined.toLocaleString('en-US'), written: progress.written.toLocaleString('en-US') };
    const value = Math.round(fractionOf(progress) * 1000);
    if (this.started) this.bar.update(value, payload);
    else this.bar.start(1000, value, payload);
    this.started = true;
  }

  stop(): void {
    if (this.started) this.bar.stop();
    this.started = false;
  }
}

/** For logs and pipes: a plain line every few seconds. */
class LineDisplay implements ProgressDisplay {
  private last = Date.now();

  update(progress: AuditExportProgress): void {
    if (Date.now() - this.last < 2000) return;
    this.last = Date.now();
    process.stderr.write(`Exporting: ${progress.examined.toLocaleString('en-US')} events read (${(fractionOf(progress) * 100).toFixed(1)}%), ${progress.written.toLocaleString('en-US')} written\n`);
  }

  stop(): void {}
}

/** Resolves on the stream's next 'drain' or 'error', removing both listeners (one wait per full buffer). */
function drainedOrFailed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('error', done);
  });
}

/** Where the lines go, with backpressure: `write` resolves once the stream can take more. */
function sink(out: string | undefined) {
  const stream = out === undefined ? process.stdout : createWriteStream(`${out}.partial`, { flags: 'w', mode: 0o600 });
  let failure: Error | undefined;
  stream.on('error', (error: Error) => (failure ??= error));
  return {
    async write(chunk: string): Promise<void> {
      if (failure) throw failure;
      if (!stream.write(chunk)) await drainedOrFailed(stream);
      if (failure) throw failure;
    },
    async finish(): Promise<void> {
      if (out === undefined) return;
      stream.end();
      await once(stream, 'close');
      if (failure) throw failure;
      renameSync(`${out}.partial`, out);
    },
    abandon(): void {
      if (out === undefined) return;
      stream.destroy();
      rmSync(`${out}.partial`, { force: true });
    },
  };
}

/**
 * Only what locates the log, read as the service reads it (src/config/app-config.ts): the export
 * needs none of the service's secrets, and must not generate them in a DATA_DIR given by mistake.
 * createEventStore refuses an EVENT_STORE_URL that is not KurrentDB's.
 */
function eventStoreConfig(env: NodeJS.ProcessEnv): EventStoreConfig {
  return { dataDir: resolve(env.DATA_DIR?.trim() || './data'), eventStoreUrl: env.EVENT_STORE_URL?.trim() || undefined };
}

async function main(argv: readonly string[]): Promise<number> {
  let args: Arguments;
  try {
    args = parseExportArguments(argv);
  } catch (error) {
    if (!(error instanceof ArgumentError)) throw error;
    console.error(`audit:export: ${error.message}\n${USAGE}`);
    return 2;
  }
  const config = eventStoreConfig(process.env);
  if (!config.eventStoreUrl && !existsSync(join(config.dataDir, 'events.sqlite3'))) {
    console.error(`Export failed: there is no event store in ${config.dataDir} (events.sqlite3); check DATA_DIR`);
    return 1;
  }
  const abort = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort.abort(new Error(`interrupted by ${signal}`)));
  const display: ProgressDisplay = process.stderr.isTTY ? new BarDisplay() : new LineDisplay();
  let threads: number;
  try {
    threads = auditThreadsOf(process.env, (message) => new ArgumentError(message));
  } catch (error) {
    console.error(`audit:export: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const eventStore = createEventStore(config);
  const output = sink(args.out);
  const selection = { mspId: args.mspId, tenantId: args.tenantId, filter: { from: args.from, to: args.to } };
  // Worker threads build the lines of the SQLite log (positions 1, 2, 3, …); KurrentDB's are built here.
  const file = join(config.dataDir, 'events.sqlite3');
  const pages =
    !config.eventStoreUrl && threads > 0
      ? (upTo: number | undefined) => exportedInWorkers({ file, upTo, threads, selection })
      : undefined;
  const started = Date.now();
  try {
    const result = await exportAuditEvents({
      store: eventStore,
      ...selection,
      pages,
      write: (chunk) => output.write(chunk),
      onProgress: (progress) => display.update(progress),
      signal: abort.signal,
    });
    await output.finish();
    display.stop();
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(
      `Exported ${result.written.toLocaleString('en-US')} of ${result.examined.toLocaleString('en-US')} events ` +
        `in ${formatDuration(seconds)}, up to position ${result.position ?? 'none'}, to ${args.out ?? 'stdout'}.\n`,
    );
    return 0;
  } catch (error) {
    display.stop();
    output.abandon();
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    console.error(`Export failed: ${message}${args.out ? `; ${args.out} was not written` : ''}`);
    return 1;
  } finally {
    await eventStore.close().catch(() => undefined);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(`Export failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      process.exitCode = 1;
    },
  );
}
