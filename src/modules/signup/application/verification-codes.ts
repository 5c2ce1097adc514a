import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';

const SEED_BYTES = 32; // 256 random bits from the CSPRNG behind every code

/** A new code and what may be stored of it. */
export interface IssuedVerificationCode {
  /** The one-time code: in the mail's link only, never stored, never logged. */
  readonly code: string;
  /** Keyed hash of the code: the look-up key and what a confirmation is checked against. */
  readonly codeHash: string;
  /** Random input of the code: with TOKEN_SECRET, and only with it, the code can be derived again. */
  readonly codeSeed: string;
}

/**
 * One-time codes of email verification links. The code is an HMAC of a random seed under a key
 * derived from TOKEN_SECRET, so the event store keeps only the seed and the code's keyed hash:
 * neither is the code, and neither gives it away without the secret. Deriving it again is what
 * lets the mail outbox write the very same mail after a crash or an SMTP outage.
 */
@Injectable()
export class VerificationCodes {
  private readonly derivationKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'tokenSecret'>) {
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', config.tokenSecret, 'email-verification', info, 32));
    this.derivationKey = derive('code-derivation');
    this.hashKey = derive('code-hash');
  }

  issue(): IssuedVerificationCode {
    const codeSeed = randomBytes(SEED_BYTES).toString('base64url');
    const code = this.codeFrom(codeSeed);
    return { code, codeHash: this.hash(code), codeSeed };
  }

  /** The code a stored seed stands for. */
  codeFrom(codeSeed: string): string {
    return createHmac('sha256', this.derivationKey).update(codeSeed).digest('base64url');
  }

  hash(code: string): string {
    return createHmac('sha256', this.hashKey).update(code).digest('base64url');
  }

  /** Cheap shape check so that malformed codes are refused before any look-up. */
  looksLikeCode(candidate: string): boolean {
    return /^[A-Za-z0-9_-]{43}$/.test(candidate);
  }
}
