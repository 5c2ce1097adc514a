import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { CookieOptions } from 'express';
import { createSecretKey } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';

export const SESSION_COOKIE = 'session';

/**
 * Sessions are short-lived HS256 JWTs signed with SESSION_SECRET, carried as a Bearer token
 * by API clients and as an HttpOnly cookie by browsers.
 */
@Injectable()
export class SessionService {
  private readonly jwt: JwtService;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.jwt = new JwtService({
      // A key object, not the string: given a string, jsonwebtoken first tries to parse it as a
      // PEM private (or public) key on every sign (or verify), and builds the secret key only
      // after that attempt throws; about 0.4 ms of the event loop per call, the largest cost of
      // a signup's request handling after the hash. The bytes are the same (UTF-8 of the secret),
      // so tokens are identical and existing sessions stay valid.
      secret: createSecretKey(Buffer.from(config.sessionSecret, 'utf8')),
      signOptions: { algorithm: 'HS256', expiresIn: config.sessionTtlSeconds, issuer: 'invite-links' },
      verifyOptions: { algorithms: ['HS256'], issuer: 'invite-links' },
    });
  }

  issue(userId: string): Promise<string> {
    return this.jwt.signAsync({ sub: userId });
  }

  /** The user id of a valid session token, or null. */
  async verify(token: string): Promise<string | null> {
    try {
      const payload = await this.jwt.verifyAsync<{ sub?: unknown }>(token);
      return typeof payload.sub === 'string' ? payload.sub : null;
    } catch {
      return null;
    }
  }

  cookieOptions(): CookieOptions {
    return {
      httpOnly: true,
      secure: this.config.publicBaseUrl.startsWith('https://'),
      sameSite: 'lax',
      path: '/',
      maxAge: this.config.sessionTtlSeconds * 1000,
    };
  }
}
