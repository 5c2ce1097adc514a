import { DynamicModule, Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CLOCK, Clock, systemClock } from '../shared/application/clock';
import { EVENT_STORE, EventStore } from '../shared/application/event-store.port';
import { EventSourcedRepository } from '../shared/application/event-sourced-repository';
import { MAIL_SENDER, MailSender } from '../shared/application/mail-sender.port';
import { PROJECTION, Projection } from '../shared/application/projection.port';
import { READ_MODELS, ReadModelsFactory } from '../shared/application/read-models.port';
import { ReadYourWrites } from '../shared/application/read-your-writes';
import { createEventStore } from './event-store/event-store.factory';
import { createMailSender } from './mail/smtp-mail-sender';
import { ReadModelHost } from './read-models/read-model-host';
import { readModelStorageFor } from './read-models/read-model-storage';

export interface InfrastructureOptions {
  readonly config: AppConfig;
  readonly clock?: Clock;
  /**
   * The modules' read models, bound by the composition root: what to project (PROJECTION) and
   * how to answer the ReadModels port over the store this module opens (READ_MODELS).
   * Infrastructure runs them without knowing which modules they come from.
   */
  readonly readModels: { readonly projection: Projection; readonly queries: ReadModelsFactory };
}

/** Storage (event store, read models), the projections that connect them, and outgoing mail. */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Infrastructure');

  constructor(
    private readonly readModels: ReadModelHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MAIL_SENDER) private readonly mail: MailSender,
  ) {}

  static register(options: InfrastructureOptions): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: EVENT_STORE, useFactory: () => createEventStore(options.config) },
        { provide: PROJECTION, useValue: options.readModels.projection },
        {
          provide: ReadModelHost,
          inject: [EVENT_STORE, PROJECTION],
          // Opens the read-model generation the pointer names (read-model-storage.ts) and, once
          // started, follows the pointer when a rebuild moves it.
          useFactory: (store: EventStore, projection: Projection) => {
            const logger = new Logger('Projections');
            return ReadModelHost.open(store, readModelStorageFor(options.config), projection, {
              log: (message, error) => logger.error({ err: error }, message),
              info: (message) => logger.log(message),
            });
          },
        },
        {
          provide: READ_MODELS,
          inject: [ReadModelHost],
          useFactory: (host: ReadModelHost) => options.readModels.queries(host.forQueries),
        },
        EventSourcedRepository,
        ReadYourWrites,
        // SMTP when SMTP_URL is set; otherwise a sender whose every attempt says to set it.
        { provide: MAIL_SENDER, useFactory: () => createMailSender(options.config) },
      ],
      exports: [APP_CONFIG, CLOCK, EVENT_STORE, PROJECTION, ReadModelHost, READ_MODELS, EventSourcedRepository, ReadYourWrites, MAIL_SENDER],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.readModels.start();
  }

  /**
   * Runs after the HTTP server has stopped taking requests and the outbox has stopped (module
   * destroy comes first): close the mail connection, finish appends, then close the storage.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.mail.close();
    await this.store.close();
    await this.readModels.stop();
    this.logger.log('Storage closed');
  }
}
