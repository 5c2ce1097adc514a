import { Principal } from '../../modules/accounts/auth/principal';

/** The caller of a use case, as the HTTP layer (or any other entry point) saw it. */
export interface Caller {
  readonly principal: Principal;
  readonly correlationId: string;
}
