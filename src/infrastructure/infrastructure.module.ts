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
import { ProjectionRunner } from './read-models/projection-runner';
import { READ_MODELS_FILE_NAME, SqliteDocumentStore } from './read-models/sqlite/sqlite-document-store';

export const DOCUMENT_STORE = Symbol('DOCUMENT_STORE');

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
    private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
  ) {}

  static register(options: InfrastructureOptions): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: EVENT_STORE, useFactory: () => createEventStore(options.config) },
        { provide: DOCUMENT_STORE, useFactory: () => createDocumentStore(options.config) },
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, DOCUMENT_STORE],
          useFactory: (store: EventStore, documents: DocumentStore) => {
            const logger = new Logger('Projections');
            return new ProjectionRunner(store, documents, directoryProjection, {
              log: (message, error) => logger.error({ err: error }, message),
            });
          },
        },
        {
          provide: READ_MODELS,
          inject: [DOCUMENT_STORE, ProjectionRunner],
          useFactory: (documents: DocumentStore, runner: ProjectionRunner) => new DocumentStoreReadModels(documents, runner),
        },
        EventSourcedRepository,
        ReadYourWrites,
      ],
      exports: [APP_CONFIG, CLOCK, EVENT_STORE, DOCUMENT_STORE, ProjectionRunner, READ_MODELS, EventSourcedRepository, ReadYourWrites],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  /** Runs after the HTTP server has stopped taking requests: finish appends, then close. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.runner.stop();
    await this.documents.close();
    this.logger.log('Storage closed');
  }
}
