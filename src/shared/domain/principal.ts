import { Actor } from './event';
import { MspPermission } from './msp-permissions';

/** What the kernel needs to know about a signed-in account (the accounts module's user state satisfies it). */
export interface PrincipalUser {
  readonly userId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly msp: { readonly mspId: string; readonly permissions: readonly MspPermission[] } | null;
}

/** Who is calling: the platform operator or a signed-in account. */
export type Principal = { readonly kind: 'operator' } | { readonly kind: 'user'; readonly user: PrincipalUser };

export function actorOf(principal: Principal): Actor {
  if (principal.kind === 'operator') return { type: 'operator' };
  return principal.user.msp ? { type: 'msp_admin', id: principal.user.userId } : { type: 'user', id: principal.user.userId };
}
