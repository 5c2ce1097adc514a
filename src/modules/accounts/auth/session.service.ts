import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { CookieOptions } from 'express';
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
      secret: config.sessionSecret,
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
