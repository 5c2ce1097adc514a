/**
 * B4 and B5 report the read models of this commit next to the read models of an earlier one,
 * measured in the same run, figure and reference alternating: "what did the new collections
 * cost" is answered on the same machine under the same load, not against a figure from another
 * day. The earlier commit's `src/` is taken out of git into the run's temporary directory and
 * loaded from its TypeScript sources, like the bench itself.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectionRunner } from '../../src/infrastructure/read-models/projection-runner';
import type { MongoDocumentStore } from '../../src/infrastructure/read-models/mongodb/mongo-document-store';
import type { SqliteDocumentStore } from '../../src/infrastructure/read-models/sqlite/sqlite-document-store';
import type { Projection } from '../../src/shared/application/projection.port';
import { REPO_ROOT } from './service';

/**
 * The last commit before the reporting read models (msps, msp_admins, daily_signups, named
 * memberships, link summaries on tenants, BSON dates and the published stable database).
 * BENCH_READ_MODELS_BASELINE names another commit.
 */
export const READ_MODELS_BASELINE = process.env.BENCH_READ_MODELS_BASELINE ?? 'f112c49';

/** The read-model code of one commit, as B4 and B5 drive it. */
export interface ReadModelsVersion {
  /** "now" or "before (<commit>)": how rows and progress lines name it. */
  readonly label: string;
  /** The repository root its `src/` is under. */
  readonly root: string;
  readonly projection: Projection;
  readonly ProjectionRunner: typeof ProjectionRunner;
  readonly SqliteDocumentStore: typeof SqliteDocumentStore;
  readonly MongoDocumentStore: typeof MongoDocumentStore;
  /** Whether its MongoDB writes are also published to a stable database, as its service does. */
  readonly publishes: boolean;
  /** Node arguments that run its rebuild CLI from source (module loading is not timed). */
  readonly rebuildCli: readonly string[];
}

function load(root: string, label: string, publishes: boolean): ReadModelsVersion {
  // Another commit's files, found by a path computed at run time: no static import can name them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const from = <T>(path: string): T => require(join(root, 'src', path)) as T;
  return {
    label,
    root,
    projection: from<{ directoryProjection: Projection }>('modules/read-models').directoryProjection,
    ProjectionRunner: from<{ ProjectionRunner: typeof ProjectionRunner }>('infrastructure/read-models/projection-runner').ProjectionRunner,
    SqliteDocumentStore: from<{ SqliteDocumentStore: typeof SqliteDocumentStore }>('infrastructure/read-models/sqlite/sqlite-document-store')
      .SqliteDocumentStore,
    MongoDocumentStore: from<{ MongoDocumentStore: typeof MongoDocumentStore }>('infrastructure/read-models/mongodb/mongo-document-store')
      .MongoDocumentStore,
    publishes,
    rebuildCli: [join(root, 'src', 'cli', 'rebuild-read-models.ts')],
  };
}

/** This commit's read models. */
export function currentReadModels(): ReadModelsVersion {
  return load(REPO_ROOT, 'now', true);
}

let baseline: ReadModelsVersion | undefined;

/** The baseline's read models, taken out of git once per run under `tmp` (sourcesOf). */
export function baselineReadModels(tmp: string): ReadModelsVersion {
  if (baseline) return baseline;
  const { root, commit } = sourcesOf(READ_MODELS_BASELINE, tmp);
  baseline = load(root, `before (${commit.slice(0, 7)})`, false);
  return baseline;
}

/**
 * The `src/` of `revision`, taken out of git (git archive: the working tree and its worktrees
 * are untouched) into `<parent>/baseline-<commit>`, with a link to this repository's
 * node_modules so that its imports of packages resolve. Returns that root and the full commit.
 */
export function sourcesOf(revision: string, parent: string): { root: string; commit: string } {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${revision}^{commit}`], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const root = join(parent, `baseline-${commit.slice(0, 12)}`);
  mkdirSync(root, { recursive: true });
  const archive = execFileSync('git', ['archive', '--format=tar', commit, 'src'], { cwd: REPO_ROOT, maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { root, commit };
}
