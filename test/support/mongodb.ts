import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';

/**
 * MongoDB-backed tests run against MONGODB_TEST_URL (FerretDB in CI, see .ci/run, or a real
 * MongoDB). Without it a file says so in a test that checks exactly that, instead of skipping
 * silently; CI_REQUIRE_MONGODB=1 turns the missing URL into a failure.
 */
export const MONGODB_NOT_SET_MESSAGE =
  'MONGODB_TEST_URL is not set: start FerretDB (see .ci/run) or point it at a MongoDB';

export const mongoDbTestUrl = (): string | undefined => process.env.MONGODB_TEST_URL || undefined;

/** Runs `defineTests(url)` if MONGODB_TEST_URL is set; `what` names the tests in the other cases. */
export function withMongoDb(what: string, defineTests: (url: string) => void): void {
  const url = mongoDbTestUrl();
  if (url !== undefined) {
    defineTests(url);
  } else if (process.env.CI_REQUIRE_MONGODB === '1') {
    it(`${what} is required (CI_REQUIRE_MONGODB=1)`, () => {
      throw new Error(MONGODB_NOT_SET_MESSAGE);
    });
  } else {
    it(`${what} not run: set MONGODB_TEST_URL=mongodb://127.0.0.1:27017/ to run it`, () => {
      expect(process.env.MONGODB_TEST_URL ?? '').toBe('');
    });
  }
}

let databaseCounter = 0;

/** A database name no other test (or parallel Jest worker) uses; FerretDB allows [A-Za-z0-9_-]{1,63}. */
export function uniqueDatabaseName(prefix: string): string {
  databaseCounter += 1;
  return `${prefix}_${process.pid}_${databaseCounter}_${randomBytes(4).toString('hex')}`;
}

/** JSON with object keys sorted at every level: MongoDB does not promise to keep field order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Every document of every collection of one database, as one deterministic text. */
export async function dumpDatabaseText(client: MongoClient, databaseName: string): Promise<string> {
  const db = client.db(databaseName);
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const lines: string[] = [];
  for (const name of names) {
    const documents = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    lines.push(`${name}: ${canonicalJson(documents)}`);
  }
  return lines.join('\n');
}
