import { Command } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';
import { InviteLinkView } from '../../application/invite-link.view';
import { AllowedDomainsInput } from '../../domain/allowed-domains';
import { MicrosoftTenantIdsInput } from '../../domain/microsoft-tenants';

export interface InviteLinkChanges {
  readonly enabled?: boolean;
  readonly defaultRoleId?: string;
  readonly allowedDomains?: AllowedDomainsInput;
  readonly allowedMicrosoftTenantIds?: MicrosoftTenantIdsInput;
  readonly requireEmailVerification?: boolean;
}

export class UpdateInviteLinkCommand extends Command<InviteLinkView> {
  constructor(readonly caller: Caller, readonly tenantId: string, readonly changes: InviteLinkChanges) {
    super();
  }
}
