import { Decider } from '../../../shared/domain/decider';
import { conflict, validationError } from '../../../shared/domain/domain-error';
import { GENESIS_DIGEST } from '../../../shared/domain/audit-chain';
import { AUDIT_CHECKPOINT_RECORDED, AuditCheckpointRecorded, CheckpointData, checkpointDataProblem } from './audit-checkpoint';

/**
 * The one stream `audit-checkpoints` (AUDIT_CHECKPOINT_STREAM). Every instance of the service
 * follows the same log in the same global order and proposes the next checkpoint; the append's
 * expected revision lets one win, and the others re-decide on the winner's state: a range the
 * winner covered already is a no-op, the rest is proposed after the winner's upToPosition. So no
 * two checkpoints ever cover overlapping ranges, and each one continues the previous one.
 */
export interface CheckpointState {
  /** upToPosition of the last checkpoint; null before the first. */
  readonly upToPosition: number | null;
  /** The running log digest at upToPosition (GENESIS_DIGEST before the first checkpoint). */
  readonly digest: string;
  readonly checkpoints: number;
}

export interface RecordCheckpoint {
  readonly type: 'RecordCheckpoint';
  /** The checkpoint as proposed: built (and signed) on the state it will be decided on. */
  readonly checkpoint: CheckpointData;
}

export const auditCheckpointDecider: Decider<RecordCheckpoint, CheckpointState, AuditCheckpointRecorded> = {
  initialState: { upToPosition: null, digest: GENESIS_DIGEST, checkpoints: 0 },
  // The stream grows by one event per checkpoint, each up to AUDIT_CHECKPOINT_EVERY entries long.
  snapshot: { version: '1' },

  decide({ checkpoint }, state) {
    const problem = checkpointDataProblem(checkpoint);
    if (problem) throw validationError('checkpoint_malformed', `The checkpoint is malformed: ${problem}`);
    // Another instance covered this range already: nothing left to record.
    if (state.upToPosition !== null && checkpoint.upToPosition <= state.upToPosition) return [];
    if (checkpoint.afterPosition !== state.upToPosition) {
      throw conflict(
        'checkpoint_out_of_sequence',
        `A checkpoint after position ${String(checkpoint.afterPosition)} does not follow the last one (up to ${String(state.upToPosition)})`,
      );
    }
    return [{ type: AUDIT_CHECKPOINT_RECORDED, data: checkpoint }];
  },

  evolve(state, event) {
    return { upToPosition: event.data.upToPosition, digest: event.data.digest, checkpoints: state.checkpoints + 1 };
  },
};
