import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventHash, hashedContentOf, integrityOf } from '../../src/shared/domain/audit-chain';
import { EventMetadata } from '../../src/shared/domain/event';
import { api, freshDataDir, OPERATOR_TOKEN, startService, stop, waitUntilLive } from './service-process';

jest.setTimeout(120_000);

/**
 * `npm run audit:verify` against direct edits of the SQLite store, as someone with write access to
 * DATA_DIR would make them. The log is written once by the built service (checkpoints off: these
 * tests are about what the hash chain and a noted head prove on their own), then each test edits
 * its own copy and runs the built CLI on it.
 */
const root = mkdtempSync(join(tmpdir(), 'audit-verify-'));
const pristine = join(root, 'pristine.sqlite3');
const serviceEnv = { OPERATOR_TOKEN, SEED_DEMO: 'false', AUDIT_CHECKPOINTS: 'off' };

interface Row {
  position: number;
  id: string;
  stream_name: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly lastLine: string;
}

/**
 * AUDIT_THREADS for the CLI runs: the store's log is hashed in worker threads by default and
 * in the main thread with 0 (as on KurrentDB); the tamper cases run both ways.
 */
let verifyThreads: string | undefined;

function runCli(script: string, dataDir: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(process.execPath, [join(__dirname, '../../dist/cli', script), ...args], {
      // Only where the log is: the audit tools need none of the service's secrets.
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...(verifyThreads !== undefined ? { AUDIT_THREADS: verifyThreads } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      const lines = stdout.trim().split('\n');
      resolve({ code, stdout: `${stdout}${stderr}`, lastLine: lines[lines.length - 1] });
    });
  });
}

const verify = (dataDir: string, ...args: string[]) => runCli('audit-verify.js', dataDir, args);

/** A data directory holding a copy of the log, and a handle to edit its events table. */
function aCopy(): { dataDir: string; db: Database.Database; rows: () => Row[]; done: () => void } {
  const dataDir = mkdtempSync(join(root, 'copy-'));
  const source = new Database(pristine, { readonly: true });
  source.exec(`VACUUM INTO '${join(dataDir, 'events.sqlite3')}'`);
  source.close();
  const db = new Database(join(dataDir, 'events.sqlite3'));
  return {
    dataDir,
    db,
    rows: () => db.prepare<[], Row>('SELECT * FROM events ORDER BY position').all(),
    done: () => db.close(),
  };
}

const insert = (db: Database.Database, row: Row) =>
  db
    .prepare('INSERT INTO events (position, id, stream_name, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(row.position, row.id, row.stream_name, row.revision, row.type, row.data, row.metadata, row.recorded_at);

const headOf = (run: Run): string => {
  const match = /^ok: \d+ events, head (\d+:[0-9a-f]{64})$/.exec(run.lastLine);
  if (!match) throw new Error(`not a success line: ${run.stdout}`);
  return match[1];
};

/** Rewrites every event from `from` on with its hash recomputed, as anyone with the code could. */
function rechainFrom(db: Database.Database, rows: Row[], from: number): void {
  const heads = new Map<string, string>();
  const update = db.prepare('UPDATE events SET metadata = ? WHERE position = ?');
  for (const row of rows) {
    const event = { id: row.id, streamName: row.stream_name, revision: row.revision, type: row.type, data: JSON.parse(row.data), metadata: JSON.parse(row.metadata) as EventMetadata };
    const prev = row.revision === 0 ? null : (heads.get(row.stream_name) as string);
    const hash = row.position < from ? (integrityOf(event.metadata) as { hash: string }).hash : eventHash(hashedContentOf(event), prev);
    if (row.position >= from) update.run(JSON.stringify({ ...event.metadata, integrity: { prev, hash } }), row.position);
    heads.set(row.stream_name, hash);
  }
}

let intact: Run;
let rows: Row[];

beforeAll(async () => {
  const dataDir = freshDataDir();
  const service = startService({ DATA_DIR: dataDir, ...serviceEnv });
  try {
    await waitUntilLive(service);
    const created = async (method: string, path: string, body?: unknown, token?: string) => {
      const response = await api(service, method, path, body, token);
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const msp = await created('POST', '/api/v1/msps', { name: 'Audited MSP' });
    const email = `admin-${randomUUID()}@msp.example`;
    const password = 'Adm1n-Passw0rd!x';
    await created('POST', `/api/v1/msps/${msp.id}/admins`, { email, password, firstName: 'Ada', lastName: 'Admin', permissions: ['manage_user_roles', 'view_audit_log'] });
    const { accessToken } = await created('POST', '/api/v1/auth/sign-in', { email, password });
    for (let t = 0; t < 2; t++) {
      const tenant = await created('POST', `/api/v1/msps/${msp.id}/tenants`, { name: `Tenant ${t}` }, accessToken);
      const role = await created('POST', `/api/v1/tenants/${tenant.id}/roles`, { name: `Help Desk ${t}` }, accessToken);
      for (let u = 0; u < 2; u++) {
        const user = { email: `user-${t}-${u}-${randomUUID().slice(0, 6)}@tenant${t}.example`, password: `Us3r-${randomUUID().slice(0, 8)}!`, firstName: `User${u}`, lastName: `Of${t}` };
        await created('POST', `/api/v1/tenants/${tenant.id}/users`, { ...user, roleId: u === 0 ? role.id : 'member' }, accessToken);
      }
      await created('PUT', `/api/v1/tenants/${tenant.id}/invite-link`, { enabled: true, defaultRoleId: 'technician' }, accessToken);
      await created('POST', `/api/v1/tenants/${tenant.id}/invite-link/regenerate`, undefined, accessToken);
    }
  } finally {
    await stop(service);
  }
  const db = new Database(join(dataDir, 'events.sqlite3'), { readonly: true });
  db.exec(`VACUUM INTO '${pristine}'`);
  db.close();
  rmSync(dataDir, { recursive: true, force: true });

  const copy = aCopy();
  rows = copy.rows();
  copy.done();
  intact = await verify(copy.dataDir);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The first row matching, after `after` (a position). */
const rowWhere = (match: (row: Row) => boolean, after = 0): Row => {
  const row = rows.find((candidate) => candidate.position > after && match(candidate));
  if (!row) throw new Error('the written log lacks the event this test edits');
  return row;
};
const middle = () => rows[Math.floor(rows.length / 2)].position;

describe.each([
  ['hashed in worker threads (the default)', undefined],
  ['hashed in the main thread (AUDIT_THREADS=0)', '0'],
])('npm run audit:verify on the SQLite store, %s', (_mode, threads) => {
  beforeAll(() => (verifyThreads = threads));
  afterAll(() => (verifyThreads = undefined));

  it('accepts the log as the service wrote it: every event chained, the head is the last position', () => {
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.every((row) => integrityOf(JSON.parse(row.metadata))?.hash)).toBe(true);
    expect(intact.code).toBe(0);
    expect(intact.lastLine).toMatch(new RegExp(`^ok: ${rows.length} events, head ${rows[rows.length - 1].position}:[0-9a-f]{64}$`));
  });

  it('names a changed payload', async () => {
    const copy = aCopy();
    const target = rowWhere((row) => row.type === 'TenantRoleCreated');
    copy.db.prepare("UPDATE events SET data = json_set(data, '$.name', 'Domain Admins') WHERE position = ?").run(target.position);
    copy.done();
    const run = await verify(copy.dataDir);
    expect([run.code, run.lastLine]).toEqual([1, `altered at position ${target.position}: content does not match its hash`]);
  });

  it('names a changed actor (and role), as in the report of the issue', async () => {
    const copy = aCopy();
    const target = rowWhere((row) => row.type === 'TenantMemberAdded' && JSON.parse(row.metadata).actor.type === 'msp_admin');
    copy.db
      .prepare("UPDATE events SET metadata = json_set(metadata, '$.actor.id', '00000000-0000-0000-0000-000000000000'), data = json_set(data, '$.roleId', 'admin') WHERE position = ?")
      .run(target.position);
    copy.done();
    const run = await verify(copy.dataDir);
    expect([run.code, run.lastLine]).toEqual([1, `altered at position ${target.position}: content does not match its hash`]);
  });

  it('names a deleted event', async () => {
    const copy = aCopy();
    const target = rowWhere((row) => row.type === 'TenantMemberAdded', middle());
    copy.db.prepare('DELETE FROM events WHERE position = ?').run(target.position);
    copy.done();
    const run = await verify(copy.dataDir);
    expect([run.code, run.lastLine]).toEqual([1, `altered at position ${target.position}: event missing`]);
  });

  it('names a deleted first event, and a deleted event whose later positions were moved down to close the gap', async () => {
    const first = aCopy();
    first.db.prepare('DELETE FROM events WHERE position = ?').run(rows[0].position);
    first.done();
    expect((await verify(first.dataDir)).lastLine).toBe(`altered at position ${rows[0].position}: event missing`);

    const closed = aCopy();
    const target = rowWhere((row) => row.revision > 0 && rows.some((later) => later.position > row.position && later.stream_name === row.stream_name), middle());
    closed.db.prepare('DELETE FROM events WHERE position = ?').run(target.position);
    closed.db.prepare('UPDATE events SET position = -position WHERE position > ?').run(target.position);
    closed.db.prepare('UPDATE events SET position = -position - 1 WHERE position < 0').run();
    closed.done();
    const next = rowWhere((row) => row.stream_name === target.stream_name, target.position);
    const run = await verify(closed.dataDir);
    // The next event of the same stream, one position down, no longer follows its predecessor.
    expect([run.code, run.lastLine]).toEqual([
      1,
      `altered at position ${next.position - 1}: revision ${next.revision} of stream ${next.stream_name} follows revision ${target.revision - 1} (an event was deleted, inserted or moved)`,
    ]);
  });

  it('names an inserted event, at the end of a stream or in the middle of the log', async () => {
    const atEnd = aCopy();
    const model = rowWhere((row) => row.type === 'TenantMemberAdded');
    const last = rows.filter((row) => row.stream_name === model.stream_name).pop() as Row;
    const end = rows[rows.length - 1].position + 1;
    insert(atEnd.db, { ...model, position: end, id: randomUUID(), revision: last.revision + 1 });
    atEnd.done();
    expect(await verify(atEnd.dataDir)).toMatchObject({ code: 1, lastLine: `altered at position ${end}: content does not match its hash` });

    const inMiddle = aCopy();
    const at = middle();
    inMiddle.db.prepare('UPDATE events SET position = -position WHERE position >= ?').run(at);
    inMiddle.db.prepare('UPDATE events SET position = -position + 1 WHERE position < 0').run();
    const { integrity: _kept, ...bare } = JSON.parse(model.metadata) as EventMetadata;
    insert(inMiddle.db, { ...model, position: at, id: randomUUID(), stream_name: `tenant-${randomUUID()}`, revision: 0, metadata: JSON.stringify(bare) });
    inMiddle.done();
    expect(await verify(inMiddle.dataDir)).toMatchObject({
      code: 1,
      lastLine: `altered at position ${at}: hash missing (every event from position ${rows[0].position} on is chained)`,
    });
  });

  it('names the first of two swapped events of one stream', async () => {
    const copy = aCopy();
    const first = rowWhere((row) => row.revision === 1 && rows.some((other) => other.stream_name === row.stream_name && other.revision === 2));
    const second = rowWhere((row) => row.stream_name === first.stream_name && row.revision === 2);
    copy.db.prepare('DELETE FROM events WHERE position IN (?, ?)').run(first.position, second.position);
    insert(copy.db, { ...second, position: first.position });
    insert(copy.db, { ...first, position: second.position });
    copy.done();
    const run = await verify(copy.dataDir);
    expect([run.code, run.lastLine]).toEqual([
      1,
      `altered at position ${first.position}: revision 2 of stream ${first.stream_name} follows revision 0 (an event was deleted, inserted or moved)`,
    ]);
  });

  // Each stream's chain is intact after this swap: only the global order changed, which the
  // per-stream chains (all KurrentDB allows with concurrent writers) do not record. The log
  // digest does: a noted head (or a checkpoint) catches it.
  it('accepts two swapped neighbours of different streams without --head, and catches them with it', async () => {
    const copy = aCopy();
    const index = rows.findIndex((row, i) => i + 1 < rows.length && row.stream_name !== rows[i + 1].stream_name && row.position > middle());
    const [a, b] = [rows[index], rows[index + 1]];
    copy.db.prepare('DELETE FROM events WHERE position IN (?, ?)').run(a.position, b.position);
    insert(copy.db, { ...b, position: a.position });
    insert(copy.db, { ...a, position: b.position });
    copy.done();
    const without = await verify(copy.dataDir);
    expect(without.code).toBe(0);
    expect(without.lastLine).not.toBe(intact.lastLine);
    const noted = headOf(intact);
    const run = await verify(copy.dataDir, '--head', noted);
    expect([run.code, run.lastLine]).toEqual([
      1,
      `altered at position ${noted.split(':')[0]}: the log up to here is not the one noted (digest ${noted.split(':')[1]}); it was changed at or before this position`,
    ]);
  });

  it('accepts the whole tail rewritten with recomputed hashes without --head, and catches it with the head noted before', async () => {
    const copy = aCopy();
    const from = middle();
    copy.db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor', json('{\"type\":\"operator\"}')) WHERE position = ?").run(from);
    rechainFrom(copy.db, copy.rows(), from);
    copy.done();
    const without = await verify(copy.dataDir);
    expect(without.code).toBe(0);
    expect(without.lastLine).toMatch(new RegExp(`^ok: ${rows.length} events, head ${rows[rows.length - 1].position}:`));
    expect(without.lastLine).not.toBe(intact.lastLine);

    const noted = headOf(intact);
    const run = await verify(copy.dataDir, '--head', noted);
    expect(run.code).toBe(1);
    expect(run.lastLine).toMatch(new RegExp(`^altered at position ${noted.split(':')[0]}: the log up to here is not the one noted`));
    // An earlier head, before the rewrite, still holds: the log up to there is the one noted.
    expect((await verify(copy.dataDir, '--head', `${rows[0].position}:${(await headAt(rows[0].position))}`)).code).toBe(0);
  });

  it('with --head, a log cut short of the noted head is altered', async () => {
    const copy = aCopy();
    copy.db.prepare('DELETE FROM events WHERE position = ?').run(rows[rows.length - 1].position);
    copy.done();
    expect((await verify(copy.dataDir)).code).toBe(0);
    const run = await verify(copy.dataDir, '--head', headOf(intact));
    expect(run).toMatchObject({ code: 1, lastLine: expect.stringMatching(`^altered at position ${rows[rows.length - 1].position}: the log ends at `) });
  });

  it('exits 2 when it cannot verify: a malformed head, no store', async () => {
    const copy = aCopy();
    copy.done();
    expect(await verify(copy.dataDir, '--head', 'twelve')).toMatchObject({ code: 2 });
    expect(await verify(mkdtempSync(join(root, 'empty-')))).toMatchObject({ code: 2 });
  });

  it('exits 2 naming the problem when a stored event cannot be read at all (its payload is not JSON)', async () => {
    const copy = aCopy();
    copy.db.prepare('UPDATE events SET data = ? WHERE position = ?').run('{not json', middle());
    copy.done();
    const run = await verify(copy.dataDir);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/audit:verify could not verify: .*JSON/);
  });
});

describe('AUDIT_THREADS', () => {
  it.each(['-1', 'two', '65', '1.5'])('refuses %s with exit 2, naming the variable', async (value) => {
    const copy = aCopy();
    copy.done();
    verifyThreads = value;
    try {
      const run = await verify(copy.dataDir);
      expect(run.code).toBe(2);
      expect(run.stdout).toContain(`AUDIT_THREADS must be a whole number from 0 to 64 (0: work in the main thread), got "${value}"`);
    } finally {
      verifyThreads = undefined;
    }
  });

  it('gives the same verdict and head with 1, 2 or 5 threads as in the main thread', async () => {
    const copy = aCopy();
    copy.done();
    const heads: string[] = [];
    for (const threads of ['0', '1', '2', '5']) {
      verifyThreads = threads;
      heads.push((await verify(copy.dataDir)).lastLine);
    }
    verifyThreads = undefined;
    expect(heads).toEqual([intact.lastLine, intact.lastLine, intact.lastLine, intact.lastLine]);
  });
});

/** The digest printed for the log cut at `position` (a copy of the intact log without what follows). */
async function headAt(position: number): Promise<string> {
  const copy = aCopy();
  copy.db.prepare('DELETE FROM events WHERE position > ?').run(position);
  copy.done();
  return headOf(await verify(copy.dataDir)).split(':')[1];
}

describe('npm run audit:verify --file on an export', () => {
  it('accepts the export of the log with the same head, and names the sequence of an edited line', async () => {
    const copy = aCopy();
    copy.done();
    const file = join(copy.dataDir, 'export.ndjson');
    const exported = await runCli('audit-export.js', copy.dataDir, ['--out', file]);
    expect(exported.code).toBe(0);

    const run = await verify(copy.dataDir, '--file', file);
    expect([run.code, run.lastLine]).toEqual([0, intact.lastLine]);

    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const index = lines.findIndex((line) => JSON.parse(line).type === 'TenantRoleCreated');
    const edited = JSON.parse(lines[index]);
    edited.data.name = 'Domain Admins';
    lines[index] = JSON.stringify(edited);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const altered = await verify(copy.dataDir, '--file', file);
    expect([altered.code, altered.lastLine]).toEqual([1, `altered at position ${edited.sequence}: content does not match its hash`]);
  });
});
