import { Logger } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { ProjectionLag } from '../read-models/projection-runner';
import { ReadModelHost } from '../read-models/read-model-host';

export const PROJECTION_GAUGES = {
  eventsBehind: 'projection_events_behind',
  millisecondsBehind: 'projection_milliseconds_behind',
  lastAppliedPosition: 'projection_last_applied_position',
  headPosition: 'projection_head_position',
} as const;

type LagField = keyof typeof PROJECTION_GAUGES;

const HELP: Record<LagField, string> = {
  eventsBehind: 'Events in the log not yet applied by the projection (counted up to 1000)',
  millisecondsBehind: 'Age of the oldest event not yet applied by the projection, in milliseconds; 0 when caught up',
  lastAppliedPosition: 'Global log position of the last event the projection applied (absent before the first)',
  headPosition: 'Global log position of the newest event in the event store (absent while it is empty)',
};

/**
 * Projection gauges, read at scrape time from whatever runner the ReadModelHost holds now (a
 * rebuild may have swapped it). prom-client collects all metrics of a scrape concurrently, so
 * the four gauges share one lag() call: the first starts it, the others join it.
 */
export function registerProjectionGauges(registry: Registry, host: ReadModelHost, projection: string): void {
  const logger = new Logger('Metrics');
  let inFlight: Promise<ProjectionLag | null> | undefined;
  const sample = (): Promise<ProjectionLag | null> =>
    (inFlight ??= host.runner
      .lag()
      .catch((error: unknown) => {
        logger.warn(`Projection lag unavailable: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      })
      .finally(() => {
        inFlight = undefined;
      }));

  for (const field of Object.keys(PROJECTION_GAUGES) as LagField[]) {
    new Gauge({
      name: PROJECTION_GAUGES[field],
      help: HELP[field],
      labelNames: ['projection'],
      registers: [registry],
      async collect(this: Gauge<'projection'>) {
        const lag = await sample();
        const value = lag?.[field];
        // Unknown (no event yet, or the event store is unreachable): no sample rather than a
        // made-up number.
        if (value === undefined) this.reset();
        else this.set({ projection }, value);
      },
    });
  }
}
