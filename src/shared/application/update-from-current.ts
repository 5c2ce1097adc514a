import { Document, DocumentStore } from './document-store.port';

/**
 * Sets fields computed from a document's current content (a counter + 1, say) unless the
 * document already reflects `position`. Counters are what makes this worth a helper: an event
 * replayed after a restart, or delivered twice, must not count twice, and the position the
 * document carries is the only thing that tells. A missing document stays missing. Resolves
 * true if it wrote.
 */
export async function updateFromCurrent<T extends Document>(
  store: DocumentStore,
  collection: string,
  id: string,
  position: number,
  patch: (current: T) => Partial<T>,
): Promise<boolean> {
  const current = await store.get<T>(collection, id);
  if (!current || current.position >= position) return false;
  return store.updateIfNewer(collection, id, position, patch(current.doc));
}
