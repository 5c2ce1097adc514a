import { Command, Query } from '@nestjs/cqrs';
import { Caller } from '../../../shared/application/request-context';
import { Actor } from '../../../shared/domain/event';
import { AllowedDomainsInput } from '../domain/allowed-domains';
import { MicrosoftTenantIdsInput } from '../domain/microsoft-tenants';
import { InviteLinkView } from '../application/invite-link.view';

export class GetInviteLinkQuery extends Query<InviteLinkView> {
  constructor(readonly caller: Caller, readonly tenantId: string, readonly at?: Date) {
    super();
  }
}

export interface InviteLinkChanges {
  readonly enabled?: boolean;
  readonly defaultRoleId?: string;
  readonly allowedDomains?: AllowedDomainsInput;
  readonly allowedMicrosoftTenantIds?: MicrosoftTenantIdsInput;
}

export class UpdateInviteLinkCommand extends Command<InviteLinkView> {
  constructor(readonly caller: Caller, readonly tenantId: string, readonly changes: InviteLinkChanges) {
    super();
  }
}

export class RegenerateInviteLinkCommand extends Command<InviteLinkView> {
  constructor(readonly caller: Caller, readonly tenantId: string) {
    super();
  }
}

export interface HistoryItem {
  type: string;
  at: string;
  actor: Actor;
  data: Record<string, unknown>;
}

export class GetInviteLinkHistoryQuery extends Query<{ items: HistoryItem[] }> {
  constructor(readonly caller: Caller, readonly tenantId: string) {
    super();
  }
}

/** Public: what a new user holding a token may learn (docs/http-api.md). */
export class ResolveInviteLinkQuery extends Query<{ organizationName: string; signupMethods: string[] }> {
  constructor(readonly token: string) {
    super();
  }
}
