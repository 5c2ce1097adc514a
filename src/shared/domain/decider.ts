import { DomainEvent } from './event';

/**
 * A decider is the whole write-side behaviour of one kind of stream, as pure functions:
 * `decide` turns a command and the current state into new events (or throws a DomainError),
 * `evolve` folds one event into the state. No I/O, no clock, no randomness: time, ids and
 * tokens arrive inside the command.
 */
export interface Decider<Command, State, Event extends DomainEvent> {
  readonly initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  /**
   * Opt-in for streams that grow long (a tenant stream holds every signup): the repository may
   * then store the folded state now and then and start later folds from it. The state must be
   * plain JSON. Bump `version` whenever `evolve` changes what a state means; a change of the
   * state's shape (its keys) invalidates stored snapshots by itself.
   */
  readonly snapshot?: { readonly version: string };
}

export function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
