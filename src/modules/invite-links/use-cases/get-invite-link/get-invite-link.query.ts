import { Query } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';
import { InviteLinkView } from '../../application/invite-link.view';

export class GetInviteLinkQuery extends Query<InviteLinkView> {
  constructor(readonly caller: Caller, readonly tenantId: string, readonly at?: Date) {
    super();
  }
}
