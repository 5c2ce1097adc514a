import { InviteLinkCommand } from './invite-link.commands';
import { InviteLinkEvent } from './invite-link.events';
import { decideJoin } from './invite-link.join';
import { decideRevokeAndGenerate } from './invite-link.revoke-and-generate';
import { decideInviteLinkUpdate } from './invite-link.settings';
import { TenantFacts } from './tenant-facts';

/**
 * The invite link's part of the tenant decider (tenancy/domain/tenant.decider.ts). The link
 * has no stream of its own: its events go to `tenant-<id>`, and its rules read the tenant's
 * facts (exists, canceled, SSO, roles) from the same state, so that each decision is one
 * append against one expected revision. This folder only declares the facts it reads
 * (tenant-facts.ts); tenancy/domain imports it, never the other way round.
 *
 *   invite-link.settings.ts            R2 default role, R3 domains input, R5, R6, R7, email verification, enabling under SSO (R9)
 *   invite-link.revoke-and-generate.ts R8
 *   invite-link.availability.ts        R7–R10: when a token works, and SSO/cancel disabling the link
 *   invite-link.join.ts                R12, R16, R17, R22: the join check
 *   invite-link.state.ts               the link's slice of the state and its evolve
 *   tenant-facts.ts                    what the rules read about the tenant, and the checks both parts make
 *   sibling-domains.decider.ts         R4, on its own stream of the MSP's domain claims
 */
export function decideInviteLink(command: InviteLinkCommand, state: TenantFacts): InviteLinkEvent[] {
  switch (command.type) {
    case 'UpdateInviteLink':
      return decideInviteLinkUpdate(command, state);
    case 'RevokeAndGenerateInviteLink':
      return decideRevokeAndGenerate(command, state);
    case 'JoinViaInviteLink':
      return decideJoin(command, state);
  }
}
