import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, EventStore } from '../../shared/application/event-store.port';
import { Public } from '../../shared/http/public.decorator';
import { LAG_COUNT_LIMIT } from '../read-models/projection-runner';
import { ReadModelHost } from '../read-models/read-model-host';

/**
 * Liveness says the process answers; readiness says it can do its job: the event store
 * answers and the read models are running and not far behind.
 */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModelHost: ReadModelHost,
  ) {}

  @Get('live')
  @ApiOperation({
    summary: 'Liveness',
    description: 'Public. 200 while the process answers (`info.process.uptimeSeconds`); use it to restart a hung instance.',
  })
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) })]);
  }

  @Get(['', 'ready'])
  @ApiOperation({
    summary: 'Readiness',
    description:
      'Public. 200 when the event store answers (`eventStore.headPosition`) and the read models run less than 1,000 events behind (`readModels`: generation, positions, lag); 503 otherwise, with the failing indicator in `error`. Route traffic to an instance only while it answers 200.',
  })
  @HealthCheck()
  ready() {
    return this.health.check([() => this.eventStore(), () => this.readModels()]);
  }

  private async eventStore() {
    const indicator = this.indicators.check('eventStore');
    try {
      const head = await this.store.headPosition();
      return indicator.up({ headPosition: head ?? null });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async readModels() {
    const indicator = this.indicators.check('readModels');
    try {
      const lag = await this.readModelHost.runner.lag();
      // Far behind (catching up after a restart, say): answer, but do not take traffic yet.
      const details = { generation: this.readModelHost.generation, ...lag };
      return lag.eventsBehind < LAG_COUNT_LIMIT ? indicator.up(details) : indicator.down(details);
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
