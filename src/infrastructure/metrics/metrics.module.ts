import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { Registry } from 'prom-client';
import { PROJECTION, Projection } from '../../shared/application/projection.port';
import { ReadModelHost } from '../read-models/read-model-host';
import { HttpMetrics, HttpMetricsMiddleware } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { createMetricsRegistry } from './metrics.registry';
import { registerProjectionGauges } from './projection-metrics';

/**
 * Prometheus metrics at GET /metrics: Node's default metrics, an HTTP request duration
 * histogram by route template, and the projection's lag read from the ReadModelHost.
 */
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
  ],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
