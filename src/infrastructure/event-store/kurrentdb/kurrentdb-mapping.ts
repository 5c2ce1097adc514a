import {
  ANY,
  AppendStreamState,
  CurrentStreamState,
  NO_STREAM,
  Position,
  STREAM_EXISTS,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import { ExpectedRevision, RecordedEvent } from '../../../shared/application/event-store.port';
import { EventMetadata } from '../../../shared/domain/event';

export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

export function toActualRevision(state: CurrentStreamState): number | 'no_stream' {
  return state === NO_STREAM || state < 0n ? 'no_stream' : Number(state);
}

/**
 * Events appended outside a legacy explicit transaction have commit == prepare position, so the
 * commit position alone (the port's number) identifies an event exactly.
 */
export function toPosition(position: number): Position {
  return { commit: BigInt(position), prepare: BigInt(position) };
}

/** `$`-prefixed types and streams belong to the server (stats, metadata, projections, links). */
export function isSystemEvent(event: KurrentRecordedEvent): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

export function toRecordedEvent(event: KurrentRecordedEvent, commitPosition?: bigint): RecordedEvent {
  const position = event.position?.commit ?? commitPosition;
  if (position === undefined) {
    throw new Error('KurrentDB returned an event without its position (servers before 22.6 are not supported)');
  }
  if (!event.isJson) {
    throw new Error(`Event ${event.id} in ${event.streamId} is not JSON; this service only writes JSON events`);
  }
  return {
    id: event.id,
    type: event.type,
    streamName: event.streamId,
    revision: Number(event.revision),
    position: Number(position),
    data: event.data as Record<string, unknown>,
    metadata: event.metadata as unknown as EventMetadata,
    recordedAt: event.created,
  };
}
