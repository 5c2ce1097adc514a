import { RevokeAndGenerateInviteLink } from './invite-link.commands';
import { InviteLinkRegenerated } from './invite-link.events';
import { requireActiveTenant, TenantFacts } from './tenant-facts';

/**
 * R8: "Revoke & Generate" replaces the token: the old one stops working for good, the link
 * keeps its settings and its enabled state, and the generation counts the tokens issued.
 * Allowed on a disabled link, and on an SSO tenant (the token then waits, unusable, R9).
 */
export function decideRevokeAndGenerate(command: RevokeAndGenerateInviteLink, state: TenantFacts): InviteLinkRegenerated[] {
  // R10: not on a canceled tenant.
  requireActiveTenant(state);
  return [{ type: 'InviteLinkRegenerated', data: { generation: state.inviteLink.generation + 1, token: command.newToken } }];
}
