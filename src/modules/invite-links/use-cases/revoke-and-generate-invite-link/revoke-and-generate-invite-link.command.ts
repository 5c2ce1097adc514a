import { Command } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';
import { InviteLinkView } from '../../application/invite-link.view';

/** "Revoke & Generate" in the product: the current token dies for good and a new one replaces it (R8). */
export class RevokeAndGenerateInviteLinkCommand extends Command<InviteLinkView> {
  constructor(readonly caller: Caller, readonly tenantId: string) {
    super();
  }
}
