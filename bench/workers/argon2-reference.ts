/**
 * B1's reference, in a process of its own: argon2id hashes per second with the service's own
 * parameters (ARGON2_OPTIONS) on all cores: one hashing loop per core, each hash on the libuv
 * thread pool (the way the service hashes), for the given number of seconds.
 * Prints `{"hashes":n,"seconds":s,"perSecond":r,"concurrency":c}` on stdout.
 */
import { cpus } from 'node:os';
import { hash } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '../../src/modules/accounts/application/password-hasher';

async function main(): Promise<void> {
  const durationMs = Number(process.argv[2] ?? 2) * 1000;
  const concurrency = Number(process.argv[3] ?? cpus().length);
  // One untimed hash per loop first: loads the library and touches the memory once.
  await Promise.all(Array.from({ length: concurrency }, (_, i) => hash(`warm-${i}`, ARGON2_OPTIONS)));
  let hashes = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      for (let i = 0; Date.now() < deadline; i++) {
        await hash(`Bench-Passw0rd!-${loop}-${i}`, ARGON2_OPTIONS);
        hashes++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${JSON.stringify({ hashes, seconds, perSecond: hashes / seconds, concurrency })}\n`);
}

void main();
