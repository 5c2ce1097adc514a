import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { Registry } from 'prom-client';
import { PROJECTION, Projection } from '../../shared/application/projection.port';
import { SIGNUP_REFUSALS } from '../../shared/application/signup-refusals.port';
import { MAIL_OUTBOX_METRICS } from '../../shared/application/mail-outbox-metrics.port';
import { PrometheusMailOutboxMetrics } from './mail-outbox-metrics';
import { ReadModelHost } from '../read-models/read-model-host';
import { HttpMetrics, HttpMetricsMiddleware } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { createMetricsRegistry } from './metrics.registry';
import { registerProjectionGauges } from './projection-metrics';
import { PrometheusSignupRefusals } from './signup-refusal-metrics';

/**
 * Prometheus metrics at GET /metrics: Node's default metrics, an HTTP request duration
 * histogram by route template, the projection's lag read from the ReadModelHost, refused
 * signups by reason, and the mail outbox (sent, failed attempts, backlog and lag). Global because the SignupRefusals port it binds is used by the signup use
 * cases, the Microsoft signup and the rate limits, none of which may import an adapter's module.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: Registry,
      inject: [ReadModelHost, PROJECTION],
      useFactory: (host: ReadModelHost, projection: Projection) => {
        const registry = createMetricsRegistry();
        registerProjectionGauges(registry, host, projection.name);
        return registry;
      },
    },
    HttpMetrics,
    HttpMetricsMiddleware,
    { provide: SIGNUP_REFUSALS, inject: [Registry], useFactory: (registry: Registry) => new PrometheusSignupRefusals(registry) },
    { provide: MAIL_OUTBOX_METRICS, inject: [Registry], useFactory: (registry: Registry) => new PrometheusMailOutboxMetrics(registry) },
  ],
  exports: [SIGNUP_REFUSALS, MAIL_OUTBOX_METRICS],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
