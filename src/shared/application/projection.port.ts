import { RecordedEvent } from './event-store.port';
import { DocumentStore, IndexSpec } from './document-store.port';

/**
 * A read model's write side: turns events into conditional document writes. It must be
 * idempotent and order-safe through the positions the DocumentStore checks, so that the runner
 * can replay from any checkpoint.
 */
export interface Projection {
  /** Stable; names the projection's checkpoint. */
  readonly name: string;
  readonly indexes: readonly IndexSpec[];
  /** Ignores event types it does not know. */
  apply(event: RecordedEvent, store: DocumentStore): Promise<void>;
}
