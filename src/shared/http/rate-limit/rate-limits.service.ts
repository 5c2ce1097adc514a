import { ConfigError } from '../../../config/app-config';
import { HttpStatus, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DEFAULT_WINDOW_SECONDS, RATE_LIMIT_POLICIES, RateLimitPolicyName, RateLimitRule } from './rate-limit.policies';

export type RateLimitVerdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

type Env = Record<string, string | undefined>;

/** The body of a 429, in Nest's error shape. */
export const tooManyRequestsBody = (retryAfterSeconds: number) => ({
  statusCode: HttpStatus.TOO_MANY_REQUESTS,
  message: `Too many requests; try again in ${retryAfterSeconds} seconds.`,
  error: 'Too Many Requests',
});

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new ConfigError(name, `must be a positive integer (got "${raw}")`);
  }
  return Number(raw);
}

/**
 * In-memory fixed-window counters (rate-limiter-flexible's RateLimiterMemory: O(1) per request,
 * unlike @nestjs/throttler's store, which slows down as one client keeps hitting it). Counters
 * are per process: behind several instances each one limits on its own.
 *
 * Environment (read once, at start): each rule's variable (see RATE_LIMIT_POLICIES), the window
 * `RATE_LIMIT_WINDOW_SECONDS` (60) and `RATE_LIMIT_MULTIPLIER` (1), which multiplies every limit
 * so that load tests can raise them all at once.
 */
@Injectable()
export class RateLimits {
  private readonly limiters = new Map<string, { rule: RateLimitRule; limiter: RateLimiterMemory }>();

  constructor(env: Env = process.env) {
    const duration = positiveInteger(env, 'RATE_LIMIT_WINDOW_SECONDS', DEFAULT_WINDOW_SECONDS);
    const multiplier = positiveInteger(env, 'RATE_LIMIT_MULTIPLIER', 1);
    for (const rules of Object.values(RATE_LIMIT_POLICIES)) {
      for (const rule of rules) {
        const points = positiveInteger(env, rule.variable, rule.points) * multiplier;
        this.limiters.set(rule.name, { rule, limiter: new RateLimiterMemory({ keyPrefix: rule.name, points, duration }) });
      }
    }
  }

  /** Counts the request against every rule of the policy; refused if any rule is exhausted. */
  async consume(policy: RateLimitPolicyName, request: Request): Promise<RateLimitVerdict> {
    let retryAfterMs = 0;
    for (const rule of RATE_LIMIT_POLICIES[policy]) {
      const key = rule.key(request);
      if (key === null) continue;
      try {
        await this.limiters.get(rule.name)!.limiter.consume(key);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        retryAfterMs = Math.max(retryAfterMs, refusal.msBeforeNext);
      }
    }
    return retryAfterMs > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) } : { allowed: true };
  }

  /** The same limit as Express middleware, for routes whose controller cannot carry @RateLimit. */
  middleware(policy: RateLimitPolicyName) {
    return (request: Request, response: Response, next: NextFunction): void => {
      this.consume(policy, request).then((verdict) => {
        if (verdict.allowed) return next();
        response.setHeader('Retry-After', String(verdict.retryAfterSeconds));
        response.status(HttpStatus.TOO_MANY_REQUESTS).json(tooManyRequestsBody(verdict.retryAfterSeconds));
      }, next);
    };
  }
}
