import { Decider } from '../../../shared/domain/decider';
import { InviteLinkCommand } from '../../invite-links/domain/invite-link.commands';
import { isInviteLinkEvent } from '../../invite-links/domain/invite-link.events';
import { decideInviteLink } from '../../invite-links/domain/invite-link.part';
import { evolveInviteLink } from '../../invite-links/domain/invite-link.state';
import { TenantEvent } from './tenant.events';
import { decideTenantDirectory, evolveTenantDirectory, TenantDirectoryCommand } from './tenant.part';
import { initialTenantState, TenantState } from './tenant.state';

/**
 * The one decider of the tenant stream, composed of two parts: the tenant's own (tenant.part.ts:
 * create, roles, members, SSO, cancel) and the invite link's (invite-links/domain: R1–R10, R22).
 * They share one state and one stream, so every decision, a join included, is one append
 * against one expected revision. Only this folder imports the link's: its part reads the
 * tenant through its own TenantFacts, which TenantState satisfies as it is.
 */
export type TenantCommand = TenantDirectoryCommand | InviteLinkCommand;

function decide(command: TenantCommand, state: TenantState): TenantEvent[] {
  switch (command.type) {
    case 'UpdateInviteLink':
    case 'RevokeAndGenerateInviteLink':
    case 'JoinViaInviteLink':
      return decideInviteLink(command, state);
    default:
      return decideTenantDirectory(command, state);
  }
}

function evolve(state: TenantState, event: TenantEvent): TenantState {
  const next = evolveTenantDirectory(state, event);
  return isInviteLinkEvent(event) ? { ...next, inviteLink: evolveInviteLink(next.inviteLink, event) } : next;
}

export const tenantDecider: Decider<TenantCommand, TenantState, TenantEvent> = {
  initialState: initialTenantState,
  decide,
  evolve,
  // Tenant streams hold every signup through the link: snapshots keep a fresh process from
  // folding them from the start. Bump when evolve changes the meaning of a state.
  snapshot: { version: '1' },
};
