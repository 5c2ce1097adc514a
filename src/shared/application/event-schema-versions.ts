import { EventMetadata } from '../domain/event';

/**
 * Schema versions of event payloads, and upcasting of older ones.
 *
 * Every event type starts at version 1. When a type's payload shape changes, its version goes up
 * here, docs/events.md and a new docs/events/<Type>.v<N>.schema.json describe the new shape, and
 * an upcaster turns the previous version into the new one, so that deciders, projections and the
 * history keep reading one shape while the stored events stay exactly as they were written.
 */
export interface Upcaster {
  readonly type: string;
  /** The version this upcaster reads; it returns the payload of version `from + 1`. */
  readonly from: number;
  readonly upcast: (data: Record<string, unknown>) => Record<string, unknown>;
}

/** Types whose current version is above 1. Empty: every payload shape is still its first. */
const CURRENT_VERSIONS: Readonly<Record<string, number>> = {};
const UPCASTERS: readonly Upcaster[] = [];

export const currentSchemaVersion = (type: string, versions: Readonly<Record<string, number>> = CURRENT_VERSIONS): number =>
  versions[type] ?? 1;

/** The stored version of an event's payload: events written before versions were recorded are version 1. */
export const storedSchemaVersion = (metadata: EventMetadata): number =>
  typeof metadata.schemaVersion === 'number' && Number.isInteger(metadata.schemaVersion) && metadata.schemaVersion >= 1
    ? metadata.schemaVersion
    : 1;

export interface Readable {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: EventMetadata;
}

/**
 * An event's payload as readers expect it: upcast from its stored schema version to the type's
 * current one. Stored events are never rewritten (they are what the audit chain covers); readers
 * that fold or show payloads call this. Returns the same object when there is nothing to do.
 */
export function upcastEvent<E extends Readable>(
  event: E,
  upcasters: readonly Upcaster[] = UPCASTERS,
  versions: Readonly<Record<string, number>> = CURRENT_VERSIONS,
): E {
  const stored = storedSchemaVersion(event.metadata);
  const target = currentSchemaVersion(event.type, versions);
  if (stored >= target) return event;
  let data = event.data;
  for (let version = stored; version < target; version++) {
    const step = upcasters.find((candidate) => candidate.type === event.type && candidate.from === version);
    if (!step) throw new Error(`No upcaster for ${event.type} from schema version ${version} to ${version + 1}`);
    data = step.upcast(data);
  }
  return { ...event, data };
}
