import { actorOf } from '../domain/principal';
import { Actor } from '../domain/event';
import { Caller } from './request-context';

/** Who issues a command and under which correlation id (the request id for HTTP). */
export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
}

export const contextOf = (caller: Caller): CommandContext => ({
  actor: actorOf(caller.principal),
  correlationId: caller.correlationId,
});
