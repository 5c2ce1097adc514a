import { Decider } from '../../../shared/domain/decider';
import { conflict } from '../../../shared/domain/domain-error';
import { DomainEvent } from '../../../shared/domain/event';

export const mspStream = (mspId: string) => `msp-${mspId}`;

export type MspCreated = DomainEvent<'MspCreated', { mspId: string; name: string }>;
export type MspEvent = MspCreated;

export interface MspState {
  readonly exists: boolean;
  readonly mspId: string;
  readonly name: string;
}

export type MspCommand = { type: 'CreateMsp'; mspId: string; name: string };

export const mspDecider: Decider<MspCommand, MspState, MspEvent> = {
  initialState: { exists: false, mspId: '', name: '' },
  decide(command, state) {
    if (state.exists) throw conflict('msp_exists', 'MSP already exists');
    return [{ type: 'MspCreated', data: { mspId: command.mspId, name: command.name.trim() } }];
  },
  evolve(state, event) {
    return { exists: true, mspId: event.data.mspId, name: event.data.name };
  },
};
