import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { StoredInviteToken } from '../domain/invite-link.events';

const TOKEN_BYTES = 32; // 256 bits from the CSPRNG (R1 asks for at least 128)

/**
 * R1: invite tokens are never stored in plaintext. Each token is kept twice, both derived
 * with keys from TOKEN_SECRET: an HMAC-SHA256 for look-ups (a keyed hash, so a leaked read
 * model does not allow guessing tokens offline) and an AES-256-GCM encryption so that the
 * admin can copy the current link at any time.
 */
@Injectable()
export class InviteTokenService {
  private readonly hashKey: Buffer;
  private readonly encryptionKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'tokenSecret'>) {
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', config.tokenSecret, 'invite-links', info, 32));
    this.hashKey = derive('token-hash');
    this.encryptionKey = derive('token-encryption');
  }

  issue(): { token: string; stored: StoredInviteToken } {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    return { token, stored: { hash: this.hash(token), ciphertext: this.encrypt(token) } };
  }

  hash(token: string): string {
    return createHmac('sha256', this.hashKey).update(token).digest('base64url');
  }

  reveal(stored: StoredInviteToken): string {
    const raw = Buffer.from(stored.ciphertext, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Cheap shape check so that obviously malformed tokens are refused before any look-up. */
  looksLikeToken(candidate: string): boolean {
    return /^[A-Za-z0-9_-]{43}$/.test(candidate);
  }

  private encrypt(token: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }
}
