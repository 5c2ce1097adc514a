export { RATE_LIMIT_POLICIES, clientIp } from './rate-limit.policies';
export type { RateLimitPolicyName, RateLimitRule } from './rate-limit.policies';
export { RateLimit, RateLimitGuard } from './rate-limit.guard';
export { RateLimitModule } from './rate-limit.module';
export { RateLimits, tooManyRequestsBody } from './rate-limits.service';
