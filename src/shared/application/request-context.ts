import { Principal } from '../domain/principal';

/** The caller of a use case, as the HTTP layer (or any other entry point) saw it. */
export interface Caller {
  readonly principal: Principal;
  readonly correlationId: string;
}
