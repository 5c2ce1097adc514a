import { Actor } from '../../../shared/domain/event';
import { UserState } from '../domain/user.decider';

/** Who is calling: the platform operator or a signed-in account. */
export type Principal = { readonly kind: 'operator' } | { readonly kind: 'user'; readonly user: UserState };

export function actorOf(principal: Principal): Actor {
  if (principal.kind === 'operator') return { type: 'operator' };
  return principal.user.msp ? { type: 'msp_admin', id: principal.user.userId } : { type: 'user', id: principal.user.userId };
}
