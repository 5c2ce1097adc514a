import { Injectable } from '@nestjs/common';
import { hash, Options, verify } from '@node-rs/argon2';

/** argon2id with the OWASP Password Storage Cheat Sheet's first option: m=19 MiB, t=2, p=1. */
// `Algorithm` is a const enum that SWC cannot inline, hence the literal (2 = Argon2id).
export const ARGON2_OPTIONS: Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

@Injectable()
export class PasswordHasher {
  /** A hash of a random password, so that unknown emails cost as much time as known ones. */
  private readonly decoy = hash(`decoy-${Math.random()}`, ARGON2_OPTIONS);

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (passwordHash === null) {
      await verify(await this.decoy, password);
      return false;
    }
    return verify(passwordHash, password);
  }
}
