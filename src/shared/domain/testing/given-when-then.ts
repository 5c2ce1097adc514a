import { deepStrictEqual, fail, ok, strictEqual } from 'node:assert/strict';
import { Decider, fold } from '../decider';
import { DomainError, DomainErrorKind } from '../domain-error';
import { DomainEvent } from '../event';

/**
 * Given/when/then specifications for deciders, pure and without I/O:
 *
 *   given(tenantDecider, tenantCreated, linkEnabled).when(disable).then([linkDisabled('admin')]);
 *   given(tenantDecider).when(disable).thenThrows('not_found', 'tenant_not_found');
 *
 * It uses node:assert rather than Jest's `expect` on purpose: this file is compiled by the
 * production build (tsconfig.build.json has no Jest types), even though only specs import it.
 *
 * Besides the expected outcome, every `then` also checks that `decide` is pure: it does not
 * mutate the state it is given and answers the same command the same way twice.
 */
export interface Outcome<State, Event extends DomainEvent> {
  /** Asserts the decision is exactly these events, in order; returns the state after them. */
  then(expected: readonly Event[]): State;
  /** Asserts the decision fails with a DomainError of this kind and code; returns the error. */
  thenThrows(kind: DomainErrorKind, code: string, messageFragment?: string): DomainError;
}

export interface Scenario<Command, State, Event extends DomainEvent> {
  /** The state folded from the given events. */
  readonly state: State;
  when(command: Command): Outcome<State, Event>;
}

export function given<Command, State, Event extends DomainEvent>(
  decider: Decider<Command, State, Event>,
  ...history: Event[]
): Scenario<Command, State, Event> {
  const state = fold(decider, history);
  return {
    state,
    when(command) {
      return {
        then(expected) {
          const actual = decideOrFail(decider, command, state);
          deepStrictEqual(actual, expected);
          deepStrictEqual(decideOrFail(decider, command, state), actual, 'decide is not deterministic');
          return actual.reduce((current, event) => decider.evolve(current, event), state);
        },
        thenThrows(kind, code, messageFragment) {
          let emitted: Event[];
          try {
            emitted = decider.decide(command, state);
          } catch (error) {
            ok(error instanceof DomainError, `expected a DomainError, got ${describeError(error)}`);
            strictEqual(error.kind, kind, `error kind (code ${error.code}: ${error.message})`);
            strictEqual(error.code, code, `error code (message: ${error.message})`);
            if (messageFragment !== undefined) {
              ok(
                error.message.includes(messageFragment),
                `expected the message to contain ${JSON.stringify(messageFragment)}, got ${JSON.stringify(error.message)}`,
              );
            }
            return error;
          }
          return fail(`expected ${kind}/${code} to be thrown, but decide emitted ${JSON.stringify(emitted)}`);
        },
      };
    },
  };
}

function decideOrFail<Command, State, Event extends DomainEvent>(
  decider: Decider<Command, State, Event>,
  command: Command,
  state: State,
): Event[] {
  const before = snapshot(state);
  let events: Event[];
  try {
    events = decider.decide(command, state);
  } catch (error) {
    return fail(`expected events, but decide threw ${describeError(error)}`);
  }
  strictEqual(snapshot(state), before, 'decide mutated the state it was given');
  return events;
}

/**
 * A canonical text form of a state, Maps and Sets included. (structuredClone would do, but
 * under Jest it returns objects of another realm, which deepStrictEqual tells apart.)
 */
function snapshot(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Map) return { '<Map>': [...item.entries()] };
    if (item instanceof Set) return { '<Set>': [...item.values()] };
    return item;
  });
}

function describeError(error: unknown): string {
  if (error instanceof DomainError) return `DomainError(${error.kind}/${error.code}): ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
