import { EventStore } from '../../../shared/application/event-store.port';
import { Projection } from '../../../shared/application/projection.port';
import { WriteBackCache } from './write-back-cache';
import { GenerationPointer, newGenerationName, ReadModelStorage } from '../read-model-storage';

export interface RebuildProgress {
  readonly generation: string;
  /** 'replaying' up to the head captured at the start, then 'catching-up' with what came since. */
  readonly phase: 'replaying' | 'catching-up' | 'done';
  /** Events applied so far. */
  readonly events: number;
  /** Position of the last event applied; undefined before the first batch. */
  readonly position: number | undefined;
  /** Position of the first event in the log (undefined: the log is empty). */
  readonly firstPosition: number | undefined;
  /** The head captured at the start (moved to the new head when catching up beyond it). */
  readonly targetPosition: number | undefined;
  readonly elapsedMs: number;
}

export interface RebuildOptions {
  readonly eventStore: EventStore;
  readonly storage: ReadModelStorage;
  readonly projection: Projection;
  /** Events per transaction (and per readAll page). Default 1000. */
  readonly batchSize?: number;
  /** Called after every batch, and once at the start and the end. */
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Aborting stops between batches; the new generation is dropped and nothing is switched. */
  readonly signal?: AbortSignal;
  /** Default: newGenerationName(). */
  readonly generation?: string;
  /** Default true. False leaves the pointer alone (the new generation stays built, unused). */
  readonly switchOver?: boolean;
}

export interface RebuildResult {
  readonly generation: string;
  /** The generation that was current when the rebuild switched (or would have). */
  readonly previousGeneration: string;
  readonly switched: boolean;
  readonly events: number;
  readonly lastPosition: number | undefined;
  readonly seconds: number;
  /** Generations left behind by killed rebuilds and dropped before this one started. */
  readonly droppedLeftovers: readonly string[];
}

/**
 * Replays the whole event log into a fresh read-model generation, then switches the pointer to
 * it. Reads `readAll` pages, not a subscription, and commits each page (its documents folded in
 * memory first, each written once) with its checkpoint in one transaction, so that a service picking the generation up resumes
 * exactly after the last event the rebuild applied. Works whether or not a service is running:
 * it only reads the event log and writes storage nobody reads until the switch.
 * On any failure (or abort) the new generation is dropped and the pointer is left alone.
 */
export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildResult> {
  const { eventStore, storage, projection, signal } = options;
  const batchSize = options.batchSize ?? 1000;
  const startedAt = Date.now();
  const lock = await storage.acquireRebuildLock();
  try {
    signal?.throwIfAborted();
    const before = await storage.pointer();
    const droppedLeftovers = lock.exclusive ? await dropLeftovers(storage, before) : [];
    const generation = options.generation ?? newGenerationName();
    const store = await storage.openGeneration(generation, { bulkLoad: true, dateFields: projection.dateFields });
    let open = true;
    try {
      await store.ensureCollections(projection.collections);
      // Nothing but this rebuild writes a new generation, and in log order; one that already
      // has a checkpoint (a name given twice) is not new, and its documents are read as usual.
      const fresh = (await store.getCheckpoint(projection.name)) === undefined;
      const cache = new WriteBackCache(store, { freshStore: fresh });
      const [first] = await eventStore.readAll({ maxCount: 1 });
      let target = await eventStore.headPosition();
      let position: number | undefined;
      let events = 0;
      let phase: RebuildProgress['phase'] = 'replaying';
      const report = () =>
        options.onProgress?.({
          generation,
          phase,
          events,
          position,
          firstPosition: first?.position,
          targetPosition: target,
          elapsedMs: Date.now() - startedAt,
        });
      report();

      const replayUpTo = async (head: number | undefined) => {
        while (head !== undefined && (position === undefined || position < head)) {
          signal?.throwIfAborted();
          const page = await eventStore.readAll({ after: position, maxCount: batchSize });
          if (page.length === 0) return;
          const last = page[page.length - 1].position;
          // Each document the page touches is written once, with the checkpoint (see WriteBackCache).
          await cache.transaction(async () => {
            for (const event of page) await projection.apply(event, cache);
            await cache.saveCheckpoint(projection.name, last);
          });
          position = last;
          events += page.length;
          if (target !== undefined && position > target) target = position;
          report();
        }
      };

      await replayUpTo(target);
      // Indexes once the bulk of the history is in, not row by row during it: building an index
      // over a full table is cheaper, and nothing queries this generation before the switch.
      // The projection itself only reads documents by id.
      await cache.ensureIndexes(projection.indexes);
      // Once more up to the head as it is now: the service's runner, starting from this
      // checkpoint, then has only what was appended during these last batches to apply.
      phase = 'catching-up';
      const head = await eventStore.headPosition();
      if (head !== undefined && (target === undefined || head > target)) target = head;
      await replayUpTo(head);
      // The last batch may still be committing (see WriteBackCache.transaction).
      await cache.drain();
      phase = 'done';
      report();

      open = false;
      await store.close();
      signal?.throwIfAborted();
      const switchOver = options.switchOver ?? true;
      if (switchOver) {
        await storage.switchTo(generation);
        await dropSupplanted(storage, before, generation);
      }
      return {
        generation,
        previousGeneration: before.generation,
        switched: switchOver,
        events,
        lastPosition: position,
        seconds: (Date.now() - startedAt) / 1000,
        droppedLeftovers,
      };
    } catch (error) {
      if (open) await store.close().catch(() => undefined);
      await storage.dropGeneration(generation).catch(() => undefined);
      throw error;
    }
  } finally {
    await lock.release();
  }
}

/**
 * Generations that are neither current nor the one a service may still be switching away from
 * can only be what killed rebuilds left (we hold the rebuild lock, so none is being built).
 */
async function dropLeftovers(storage: ReadModelStorage, pointer: GenerationPointer): Promise<string[]> {
  const leftovers = (await storage.listGenerations()).filter(
    (generation) => generation !== pointer.generation && generation !== pointer.previous,
  );
  for (const generation of leftovers) await storage.dropGeneration(generation);
  return leftovers;
}

/**
 * The generation that was previous before this switch is previous no longer: only the last one
 * is kept for the grace period (a service drops it when that ends), so this one goes now.
 */
async function dropSupplanted(storage: ReadModelStorage, before: GenerationPointer, generation: string): Promise<void> {
  const { previous } = before;
  if (!previous || previous === before.generation || previous === generation) return;
  await storage.dropGeneration(previous).catch(() => undefined);
}
