import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { auditKeys } from '../config/audit-config';
import { createEventStore, EventStoreConfig } from '../infrastructure/event-store/event-store.factory';
import { CheckpointCheck, checkpointCheck } from '../modules/audit/application/checkpoints/checkpoint-check';
import { ChainCheck } from '../modules/audit/application/verification/chain-check';
import { formatHead, HeadCheck, NotedHead, parseHead } from '../modules/audit/application/verification/head-check';
import { LogCheck } from '../modules/audit/application/verification/log-check';
import { auditThreadsOf, hashedInWorkers } from './log-workers';
import {
  eventsOfExport,
  eventsOfStore,
  LogEntry,
  Verification,
  VerifyProgress,
  verifyLog,
} from '../modules/audit/application/verification/verify-log';

/**
 * `npm run audit:verify -- [--head POSITION:DIGEST] [--file EXPORT.ndjson]`: proves that the event
 * log (DATA_DIR or EVENT_STORE_URL, as the service reads them; AUDIT_VERIFY_KEY to check
 * checkpoint signatures) or an export of it is the one
 * that was written. The last line on stdout is the verdict: `ok: <N> events, head
 * <POSITION>:<DIGEST>` with exit 0, or `altered at position <POSITION>: <reason>` with exit 1.
 * An empty log is `ok: 0 events, head 0:<64 zeros>` (the digest before any event). Exit 2 when it
 * could not verify at all (bad arguments, no store, the store unreachable). Progress on stderr,
 * only on a terminal. Reads only.
 */
const USAGE = 'usage: npm run audit:verify -- [--head POSITION:DIGEST] [--file EXPORT.ndjson]';

class CannotVerify extends Error {}

interface Arguments {
  readonly head?: NotedHead;
  readonly file?: string;
}

function parseArguments(argv: readonly string[]): Arguments {
  let values: { head?: string; file?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { head: { type: 'string' }, file: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CannotVerify(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const head = values.head === undefined ? undefined : parseHead(values.head);
  if (values.head !== undefined && !head) {
    throw new CannotVerify(`--head must be POSITION:DIGEST as audit:verify printed it (got "${values.head}")\n${USAGE}`);
  }
  if (values.file === '') throw new CannotVerify(`--file must name a file\n${USAGE}`);
  return { ...(head ? { head } : {}), ...(values.file !== undefined ? { file: values.file } : {}) };
}

/** On a terminal, one stderr line rewritten at most five times a second; nothing otherwise. */
function progressLine(target: number | undefined): { update(progress: VerifyProgress): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  let shownAt = 0;
  let shown = false;
  return {
    update({ events, position }) {
      const now = Date.now();
      if (now - shownAt < 200) return;
      shownAt = now;
      shown = true;
      const of = target === undefined ? '' : ` of ${target}`;
      process.stderr.write(`\r\x1b[Kverifying: ${events.toLocaleString('en-US')} events, position ${position}${of}`);
    },
    stop() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

/**
 * Only what locates the log and the key that checks checkpoint signatures, read as the service
 * reads them: verifying needs none of the service's secrets, and must not generate them in a
 * DATA_DIR given by mistake (loading the whole configuration would).
 */
function eventStoreConfig(env: NodeJS.ProcessEnv): EventStoreConfig {
  return { dataDir: resolve(env.DATA_DIR?.trim() || './data'), eventStoreUrl: env.EVENT_STORE_URL?.trim() || undefined };
}

function verifyKeyOf(env: NodeJS.ProcessEnv) {
  const problem = (variable: string, text: string) => new CannotVerify(`${variable} ${text}`);
  return auditKeys({ AUDIT_VERIFY_KEY: env.AUDIT_VERIFY_KEY }, process.cwd(), false, problem, []).verifyKey;
}

async function verifyExport(args: Arguments & { file: string }): Promise<{ verification: Verification; notes: string[] }> {
  if (!existsSync(args.file)) throw new CannotVerify(`no such file: ${args.file}`);
  // Refuses a malformed AUDIT_VERIFY_KEY even though checkpoints are not checked in an export (below).
  verifyKeyOf(process.env);
  const lines = createInterface({ input: createReadStream(args.file, 'utf8'), crlfDelay: Infinity });
  // An export may be filtered (by MSP, tenant or time), so streams may start anywhere and
  // positions skip; checkpoints, which cover every event of their range, are not checked here.
  const checks: LogCheck[] = [new ChainCheck({ wholeLog: false, contiguousPositions: false })];
  if (args.head) checks.push(new HeadCheck(args.head));
  const progress = progressLine(undefined);
  const verification = await verifyLog(eventsOfExport(lines), checks, (p) => progress.update(p));
  progress.stop();
  return {
    verification,
    notes: [
      `file: ${args.file}; each event's hash and each stream's chain checked; the head's digest covers the events ` +
        'in this file, which is the log digest only for an export without filters',
    ],
  };
}

async function verifyStore(args: Arguments): Promise<{ verification: Verification; notes: string[] }> {
  const config = eventStoreConfig(process.env);
  const verifyKey = verifyKeyOf(process.env);
  // Threads hash the SQLite log by ranges of positions; KurrentDB's positions are not dense, so its log is hashed here.
  const threads = auditThreadsOf(process.env, (message) => new CannotVerify(message));
  const sqlite = !config.eventStoreUrl;
  if (sqlite && !existsSync(join(config.dataDir, 'events.sqlite3'))) {
    throw new CannotVerify(`there is no event store in ${config.dataDir} (events.sqlite3); check DATA_DIR`);
  }
  const store = createEventStore(config);
  try {
    const upTo = await store.headPosition();
    const checkpoints: CheckpointCheck = checkpointCheck({ verifyKey });
    const checks: LogCheck[] = [
      // SQLite numbers events 1, 2, 3, … with no gaps; KurrentDB positions are byte offsets.
      new ChainCheck({ wholeLog: true, contiguousPositions: sqlite }),
      ...(args.head ? [new HeadCheck(args.head)] : []),
      checkpoints,
    ];
    const progress = progressLine(upTo);
    const pages: AsyncIterable<readonly LogEntry[]> =
      sqlite && threads > 0
        ? hashedInWorkers({ file: join(config.dataDir, 'events.sqlite3'), upTo, threads })
        : eventsOfStore(store, { upTo });
    const verification = await verifyLog(pages, checks, (p) => progress.update(p));
    progress.stop();
    return { verification, notes: verification.ok ? checkpoints.notes() : [] };
  } finally {
    await store.close().catch(() => undefined);
  }
}

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  const { verification, notes } = args.file !== undefined ? await verifyExport({ ...args, file: args.file }) : await verifyStore(args);
  if (verification.ok) {
    const { head } = verification;
    process.stdout.write([...notes, `ok: ${head.count} events, head ${formatHead(head)}`].join('\n') + '\n');
    return 0;
  }
  const { alteration } = verification;
  process.stdout.write(
    `${verification.verified} events verified before the first alteration\n` +
      `altered at position ${alteration.position}: ${alteration.reason}\n`,
  );
  return 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`audit:verify could not verify: ${error instanceof CannotVerify ? message : message.split('\n')[0]}`);
    process.exitCode = 2;
  },
);
