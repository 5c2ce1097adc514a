import { InviteLinkDisabled, InviteLinkDisabledReason } from './invite-link.events';
import { CANCELED_UNAVAILABLE_MESSAGE, SSO_UNAVAILABLE_MESSAGE } from './invite-link.messages';
import { InviteLinkState } from './invite-link.state';
import { TenantFacts } from './tenant-facts';

/**
 * Why the link cannot be used at all right now, in the words shown to the admin: a canceled
 * tenant (R10) or one with SSO (R9) has no working link, whatever its own settings say.
 */
export function unavailableReason(state: TenantFacts): string | null {
  if (state.canceled) return CANCELED_UNAVAILABLE_MESSAGE;
  if (state.sso) return SSO_UNAVAILABLE_MESSAGE;
  return null;
}

/**
 * True when a signup may use this token right now: the tenant exists and is available
 * (R9, R10), the link is enabled (R7) and this is its current token (R8). Anything else is
 * the one R16 answer.
 */
export function acceptsToken(state: TenantFacts, tokenHash: string): boolean {
  const link = state.inviteLink;
  return (
    state.exists &&
    unavailableReason(state) === null &&
    link.enabled &&
    link.token !== null &&
    link.token.hash === tokenHash
  );
}

/**
 * R9, R10: configuring SSO or canceling the tenant disables an enabled link in the same append,
 * so no signup can slip in between. The tenant's part adds these events to its own.
 */
export function disableIfEnabled(link: InviteLinkState, reason: InviteLinkDisabledReason): InviteLinkDisabled[] {
  return link.enabled ? [{ type: 'InviteLinkDisabled', data: { reason } }] : [];
}
