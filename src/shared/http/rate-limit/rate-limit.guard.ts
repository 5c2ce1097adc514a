import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { SIGNUP_REFUSALS, SignupRefusals } from '../../application/signup-refusals.port';
import { RateLimitPolicyName } from './rate-limit.policies';
import { RateLimits, tooManyRequestsBody } from './rate-limits.service';

export const RATE_LIMIT_POLICY = 'rateLimitPolicy';
export const RATE_LIMITED_SIGNUP = 'rateLimitedSignup';

/**
 * Answers 429 with `Retry-After` once the route's policy (set by @RateLimit) is exhausted, and
 * counts the refusal as a rate-limited signup when the route attempts one.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
    @Inject(SIGNUP_REFUSALS) private readonly signupRefusals: SignupRefusals,
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
    if (this.reflector.get<boolean | undefined>(RATE_LIMITED_SIGNUP, context.getHandler())) {
      this.signupRefusals.record('rate_limited');
    }
    http.getResponse<Response>().setHeader('Retry-After', String(verdict.retryAfterSeconds));
    throw new HttpException(tooManyRequestsBody(verdict.retryAfterSeconds), HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * Rate-limits a route (or every route of a controller) with a named policy, e.g.
 * `@RateLimit('signup')`. The module of the controller must see RateLimits: import
 * RateLimitModule (it is global, so importing it once anywhere in the app is enough).
 *
 * `signupAttempt: true` marks a route that attempts a signup through an invite link: its 429s
 * are counted as refused signups (`rate_limited`). Marked per route, not per policy, because one
 * policy can guard a signup and a sign-in alike (`microsoft-start`).
 */
export const RateLimit = (policy: RateLimitPolicyName, options: { readonly signupAttempt?: boolean } = {}) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_POLICY, policy),
    ...(options.signupAttempt ? [SetMetadata(RATE_LIMITED_SIGNUP, true)] : []),
    UseGuards(RateLimitGuard),
  );
