import { chmodSync, closeSync, fchmodSync, openSync, mkdirSync, statSync } from 'node:fs';

/**
 * DATA_DIR holds argon2 hashes, invite-token ciphertexts and generated secrets: the directory is
 * created owner-only and every file in it is created (or tightened to) owner read/write.
 */
export const PRIVATE_DIRECTORY_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const GROUP_OR_OTHER = 0o077;

/** SQLite's side files, which it creates with the mode of the database file itself. */
export const SQLITE_SIDE_FILE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

/**
 * Creates `directory` (and missing parents) owner-only. A directory that already exists is left
 * as it is: it may be a mount point or a volume whose mode the operator chose, and the files we
 * put in it are private anyway; `exposedDirectoryWarning` tells the operator instead.
 */
export function ensurePrivateDirectory(directory: string): void {
  const created = mkdirSync(directory, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  // mkdir's mode goes through the umask; a directory made here gets exactly 0700 whatever it is.
  if (created !== undefined) chmodSync(directory, PRIVATE_DIRECTORY_MODE);
}

/** A warning when `directory` exists and other users may list or enter it; undefined otherwise. */
export function exposedDirectoryWarning(variable: string, directory: string): string | undefined {
  let mode: number;
  try {
    mode = statSync(directory).mode & 0o777;
  } catch {
    return undefined;
  }
  if ((mode & GROUP_OR_OTHER) === 0) return undefined;
  return (
    `${variable} ${directory} is accessible to other users (mode 0${mode.toString(8)}): ` +
    `run chmod 700 on it (the files in it are created 0600, but their names and sizes show)`
  );
}

/**
 * Creates `file` empty with mode 0600 unless it exists, and takes group and other permissions off
 * an existing one (files of earlier versions were 0644). Never truncates.
 */
export function ensurePrivateFile(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    tightenFile(file);
    return;
  }
  try {
    // Exactly 0600 whatever the umask (a umask can only have removed bits, but 0400 would break writes).
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

/** Removes group and other permissions from `file` if it exists. Files of another owner are left alone. */
export function tightenFile(file: string): void {
  try {
    const mode = statSync(file).mode & 0o777;
    if ((mode & GROUP_OR_OTHER) !== 0) chmodSync(file, mode & ~GROUP_OR_OTHER);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Gone meanwhile (SQLite removes its side files on close), or not ours to change.
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}

/**
 * Before SQLite opens `file`: creates it 0600, so that SQLite, which gives its -wal, -shm and
 * -journal files the database file's own mode, creates those 0600 too; tightens side files that
 * an earlier version left 0644 (SQLite keeps the mode of side files that already exist).
 * In-memory and URI names are left to SQLite.
 */
export function preparePrivateSqliteFile(file: string): void {
  if (file === '' || file === ':memory:' || file.startsWith('file:')) return;
  ensurePrivateFile(file);
  for (const suffix of SQLITE_SIDE_FILE_SUFFIXES) tightenFile(`${file}${suffix}`);
}
