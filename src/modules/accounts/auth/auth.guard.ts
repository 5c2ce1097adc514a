import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { CsrfService } from '../../../shared/http/security/csrf';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { userDecider, userStream } from '../domain/user.decider';
import { PRINCIPAL } from '../../../shared/http/current-principal.decorator';
import { Principal } from '../../../shared/domain/principal';
import { IS_PUBLIC } from '../../../shared/http/public.decorator';
import { SESSION_COOKIE, SessionService } from './session.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route needs a principal unless marked @Public(). Bearer tokens are either the
 * OPERATOR_TOKEN or a session token. The session cookie is honoured for safe methods, and for
 * unsafe ones only with a valid CSRF token in the X-CSRF-Token header (the admin pages' own
 * API calls), so a cross-site form or script can never change anything with a browser's cookie.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly operatorToken?: Buffer;
  /** Stateless (a key derived from SESSION_SECRET): built here, so the guard needs no extra module wiring. */
  private readonly csrf: CsrfService;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly repository: EventSourcedRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.operatorToken = config.operatorToken ? Buffer.from(config.operatorToken) : undefined;
    this.csrf = new CsrfService(config);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request & Record<symbol, Principal>>();
    const principal = await this.resolve(request);
    if (!principal) throw new UnauthorizedException('Sign in first: send "Authorization: Bearer <token>"');
    request[PRINCIPAL] = principal;
    return true;
  }

  private async resolve(request: Request): Promise<Principal | null> {
    const header = request.headers.authorization;
    let token: string | undefined;
    if (header) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) return null;
      token = match[1];
      if (this.isOperatorToken(token)) return { kind: 'operator' };
    } else if (SAFE_METHODS.has(request.method) || this.csrf.verifyHeader(request)) {
      token = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    }
    if (!token) return null;
    const userId = await this.sessions.verify(token);
    if (!userId) return null;
    const { state } = await this.repository.load(userStream(userId), userDecider);
    return state.exists && !state.closed ? { kind: 'user', user: state } : null;
  }

  private isOperatorToken(candidate: string): boolean {
    if (!this.operatorToken) return false;
    const given = Buffer.from(candidate);
    return given.length === this.operatorToken.length && timingSafeEqual(given, this.operatorToken);
  }
}
