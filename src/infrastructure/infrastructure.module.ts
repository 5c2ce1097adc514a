import { DynamicModule, Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig, ConfigError } from '../config/app-config';
import { CLOCK, Clock, systemClock } from '../shared/application/clock';
import { EVENT_STORE, EventStore } from '../shared/application/event-store.port';
import { EventSourcedRepository } from '../shared/application/event-sourced-repository';
import { READ_MODELS } from '../shared/application/read-models.port';
import { ReadYourWrites } from '../shared/application/read-your-writes';
import { directoryProjection } from '../modules/directory-projection/directory.projection';
import { createEventStore } from './event-store/event-store.factory';
import { DocumentStoreReadModels } from './read-models/document-store-read-models';
import { DocumentStore } from './read-models/document-store';
import { ReadModelHost } from './read-models/read-model-host';
import { READ_MODELS_FILE_NAME, SqliteDocumentStore } from './read-models/sqlite/sqlite-document-store';

export interface InfrastructureOptions {
  readonly config: AppConfig;
  readonly clock?: Clock;
}

function createDocumentStore(config: AppConfig): DocumentStore {
  if (config.readModelUrl) {
    throw new ConfigError('READ_MODEL_URL', 'is set, but this version has no MongoDB read-model adapter yet: unset it to use embedded SQLite');
  }
  return new SqliteDocumentStore(join(config.dataDir, READ_MODELS_FILE_NAME));
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
          useFactory: (store: EventStore) => {
            const logger = new Logger('Projections');
            return new ReadModelHost(store, createDocumentStore(options.config), directoryProjection, {
              log: (message, error) => logger.error({ err: error }, message),
            });
          },
        },
        {
          provide: READ_MODELS,
          inject: [ReadModelHost],
          useFactory: (host: ReadModelHost) => new DocumentStoreReadModels(host),
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
