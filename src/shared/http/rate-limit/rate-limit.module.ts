import { Global, Module } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimits } from './rate-limits.service';

/** One set of counters per application; global so that any controller can use @RateLimit. */
@Global()
@Module({
  providers: [{ provide: RateLimits, useFactory: () => new RateLimits(process.env) }, RateLimitGuard],
  exports: [RateLimits, RateLimitGuard],
})
export class RateLimitModule {}
