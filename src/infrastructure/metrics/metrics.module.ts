import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { Registry } from 'prom-client';
import { directoryProjection } from '../../modules/directory-projection/directory.projection';
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
      inject: [ReadModelHost],
      useFactory: (host: ReadModelHost) => {
        const registry = createMetricsRegistry();
        registerProjectionGauges(registry, host, directoryProjection.name);
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
