import { applyDecorators, CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { RateLimitPolicyName } from './rate-limit.policies';
import { RateLimits, tooManyRequestsBody } from './rate-limits.service';

export const RATE_LIMIT_POLICY = 'rateLimitPolicy';

/** Answers 429 with `Retry-After` once the route's policy (set by @RateLimit) is exhausted. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<RateLimitPolicyName | undefined>(RATE_LIMIT_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) return true;
    const http = context.switchToHttp();
    const verdict = await this.limits.consume(policy, http.getRequest<Request>());
    if (verdict.allowed) return true;
    http.getResponse<Response>().setHeader('Retry-After', String(verdict.retryAfterSeconds));
    throw new HttpException(tooManyRequestsBody(verdict.retryAfterSeconds), HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * Rate-limits a route (or every route of a controller) with a named policy, e.g.
 * `@RateLimit('signup')`. The module of the controller must see RateLimits: import
 * RateLimitModule (it is global, so importing it once anywhere in the app is enough).
 */
export const RateLimit = (policy: RateLimitPolicyName) =>
  applyDecorators(SetMetadata(RATE_LIMIT_POLICY, policy), UseGuards(RateLimitGuard));
