import { EventStore } from '../../shared/application/event-store.port';
import { DocumentStore } from './document-store';
import { ReadModelSource } from './document-store-read-models';
import { Projection } from './projection';
import { ProjectionRunner, ProjectionRunnerOptions } from './projection-runner';

/**
 * Owns the read-model storage the service currently reads from and the projection runner that
 * keeps it up to date. Queries, health and metrics always go through `store` and `runner`, so
 * the pair can be replaced while the service runs.
 */
export class ReadModelHost implements ReadModelSource {
  private active: { store: DocumentStore; runner: ProjectionRunner };

  constructor(
    private readonly eventStore: EventStore,
    store: DocumentStore,
    private readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.active = { store, runner: this.runnerFor(store) };
  }

  get store(): DocumentStore {
    return this.active.store;
  }

  get runner(): ProjectionRunner {
    return this.active.runner;
  }

  start(): Promise<void> {
    return this.active.runner.start();
  }

  /** Stops projecting (finishing the batch in progress) and closes the storage. */
  async stop(): Promise<void> {
    await this.active.runner.stop();
    await this.active.store.close();
  }

  private runnerFor(store: DocumentStore): ProjectionRunner {
    return new ProjectionRunner(this.eventStore, store, this.projection, this.options);
  }
}
