import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { TenantState, unavailableReason } from '../../tenancy/domain/tenant.decider';
import { InviteTokenService } from './invite-token.service';

/** The admin's view of a link (SPEC §5 response shape). */
export interface InviteLinkView {
  tenantId: string;
  enabled: boolean;
  defaultRoleId: string | null;
  allowedDomains: string[];
  url: string | null;
  available: boolean;
  unavailableReason: string | null;
}

@Injectable()
export class InviteLinkViews {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: InviteTokenService,
  ) {}

  of(state: TenantState): InviteLinkView {
    const link = state.inviteLink;
    const reason = unavailableReason(state);
    const usable = link.enabled && reason === null && link.token !== null;
    return {
      tenantId: state.tenantId,
      enabled: link.enabled,
      defaultRoleId: link.defaultRoleId,
      allowedDomains: [...link.allowedDomains],
      url: usable ? `${this.config.publicBaseUrl}/join/${this.tokens.reveal(link.token!)}` : null,
      available: reason === null,
      unavailableReason: reason,
    };
  }
}
