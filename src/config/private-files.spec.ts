import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDirectory, ensurePrivateFile, exposedDirectoryWarning, preparePrivateSqliteFile } from './private-files';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('private files in DATA_DIR', () => {
  let root: string;
  let umask: number;
  beforeAll(() => (umask = process.umask(0o022)));
  afterAll(() => process.umask(umask));
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'private-files-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates a missing directory 0700, even under a permissive umask', () => {
    process.umask(0);
    ensurePrivateDirectory(join(root, 'a', 'data'));
    expect(modeOf(join(root, 'a', 'data'))).toBe(0o700);
    process.umask(0o022);
  });

  it('leaves an existing directory as it is, and warns about it when others may enter it', () => {
    const dir = join(root, 'data');
    mkdirSync(dir);
    chmodSync(dir, 0o750);
    ensurePrivateDirectory(dir);
    expect(modeOf(dir)).toBe(0o750);
    expect(exposedDirectoryWarning('DATA_DIR', dir)).toBe(
      `DATA_DIR ${dir} is accessible to other users (mode 0750): run chmod 700 on it (the files in it are created 0600, but their names and sizes show)`,
    );
    chmodSync(dir, 0o700);
    expect(exposedDirectoryWarning('DATA_DIR', dir)).toBeUndefined();
    expect(exposedDirectoryWarning('DATA_DIR', join(root, 'missing'))).toBeUndefined();
  });

  it('creates a missing file empty and 0600, and tightens an existing one without touching its content', () => {
    const fresh = join(root, 'fresh');
    ensurePrivateFile(fresh);
    expect([modeOf(fresh), readFileSync(fresh, 'utf8')]).toEqual([0o600, '']);

    const old = join(root, 'old');
    writeFileSync(old, 'kept', { mode: 0o644 });
    ensurePrivateFile(old);
    expect([modeOf(old), readFileSync(old, 'utf8')]).toEqual([0o600, 'kept']);
  });

  it("tightens SQLite's side files an earlier version left readable, and leaves in-memory databases alone", () => {
    const db = join(root, 'events.sqlite3');
    for (const suffix of ['-wal', '-shm', '-journal']) writeFileSync(`${db}${suffix}`, '', { mode: 0o644 });
    preparePrivateSqliteFile(db);
    expect(['', '-wal', '-shm', '-journal'].map((suffix) => modeOf(`${db}${suffix}`))).toEqual([0o600, 0o600, 0o600, 0o600]);
    expect(() => preparePrivateSqliteFile(':memory:')).not.toThrow();
  });
});
