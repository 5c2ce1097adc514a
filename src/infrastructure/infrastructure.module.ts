import { DynamicModule, Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CLOCK, Clock, systemClock } from '../shared/application/clock';
import { EVENT_STORE, EventStore } from '../shared/application/event-store.port';
import { EventSourcedRepository } from '../shared/application/event-sourced-repository';
import { READ_MODELS } from '../shared/application/read-models.port';
import { ReadYourWrites } from '../shared/application/read-your-writes';
import { directoryProjection } from '../modules/directory-projection/directory.projection';
import { createEventStore } from './event-store/event-store.factory';
import { DocumentStoreReadModels } from './read-models/document-store-read-models';
import { ReadModelHost } from './read-models/read-model-host';
import { readModelStorageFor } from './read-models/read-model-storage';

export interface InfrastructureOptions {
  readonly config: AppConfig;
  readonly clock?: Clock;
}

/** Storage (event store, read models) and the projections that connect them. */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Infrastructure');

  constructor(
    private readonly readModels: ReadModelHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  static register(options: InfrastructureOptions): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: EVENT_STORE, useFactory: () => createEventStore(options.config) },
        {
          provide: ReadModelHost,
          inject: [EVENT_STORE],
          // Opens the read-model generation the pointer names (read-model-storage.ts) and, once
          // started, follows the pointer when a rebuild moves it.
          useFactory: (store: EventStore) => {
            const logger = new Logger('Projections');
            return ReadModelHost.open(store, readModelStorageFor(options.config), directoryProjection, {
              log: (message, error) => logger.error({ err: error }, message),
              info: (message) => logger.log(message),
            });
          },
        },
        {
          provide: READ_MODELS,
          inject: [ReadModelHost],
          useFactory: (host: ReadModelHost) => new DocumentStoreReadModels(host.forQueries),
        },
        EventSourcedRepository,
        ReadYourWrites,
      ],
      exports: [APP_CONFIG, CLOCK, EVENT_STORE, ReadModelHost, READ_MODELS, EventSourcedRepository, ReadYourWrites],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.readModels.start();
  }

  /** Runs after the HTTP server has stopped taking requests: finish appends, then close. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.readModels.stop();
    this.logger.log('Storage closed');
  }
}
