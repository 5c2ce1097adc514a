import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { InviteLinkSettings } from '../../../shared/application/read-models.port';
import { CANCELED_UNAVAILABLE_MESSAGE, SSO_UNAVAILABLE_MESSAGE } from '../domain/invite-link.messages';
import { TenantState } from '../../tenancy/domain/tenant.state';
import { InviteTokenService } from './invite-token.service';

/** The admin's view of a link (docs/http-api.md response shape). */
export interface InviteLinkView {
  tenantId: string;
  enabled: boolean;
  defaultRoleId: string | null;
  allowedDomains: string[];
  /**
   * Microsoft tenant ids (`tid`) allowed to sign up with Microsoft. Present only when the link
   * restricts them, so the docs/http-api.md shape of every other link stays exactly as documented.
   */
  allowedMicrosoftTenantIds?: string[];
  /** Password signups confirm their email address before they join (always present). */
  requireEmailVerification: boolean;
  url: string | null;
  available: boolean;
  unavailableReason: string | null;
}

/** What the view needs, whether it comes from the tenant stream or from the read model. */
type LinkFacts = Pick<
  InviteLinkSettings,
  | 'tenantId'
  | 'enabled'
  | 'defaultRoleId'
  | 'allowedDomains'
  | 'allowedMicrosoftTenantIds'
  | 'requireEmailVerification'
  | 'ssoConfigured'
  | 'canceled'
  | 'tokenCiphertext'
>;

/**
 * Who the view is for. A reader (an MSP admin with only `view_audit_log`) sees everything but
 * the URL: reading settings and history must not hand out a working join link (docs/http-api.md).
 */
export type ViewAudience = 'manager' | 'reader';

/** Same precedence as the decider's unavailableReason: a canceled tenant says so first. */
function unavailableReasonOf(facts: Pick<LinkFacts, 'canceled' | 'ssoConfigured'>): string | null {
  if (facts.canceled) return CANCELED_UNAVAILABLE_MESSAGE;
  if (facts.ssoConfigured) return SSO_UNAVAILABLE_MESSAGE;
  return null;
}

@Injectable()
export class InviteLinkViews {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: InviteTokenService,
  ) {}

  /** From a folded tenant stream: command answers and `?at=` replays. */
  of(state: TenantState, audience: ViewAudience = 'manager'): InviteLinkView {
    const link = state.inviteLink;
    return this.render(audience, {
      tenantId: state.tenantId,
      enabled: link.enabled,
      defaultRoleId: link.defaultRoleId,
      allowedDomains: link.allowedDomains,
      allowedMicrosoftTenantIds: link.allowedMicrosoftTenantIds,
      requireEmailVerification: link.requireEmailVerification,
      ssoConfigured: state.sso !== null,
      canceled: state.canceled,
      tokenCiphertext: link.token?.ciphertext ?? null,
    });
  }

  /** From the invite-links read model: the current state. */
  ofSettings(settings: InviteLinkSettings, audience: ViewAudience = 'manager'): InviteLinkView {
    return this.render(audience, settings);
  }

  private render(audience: ViewAudience, facts: LinkFacts): InviteLinkView {
    const reason = unavailableReasonOf(facts);
    const usable = audience === 'manager' && facts.enabled && reason === null && facts.tokenCiphertext !== null;
    return {
      tenantId: facts.tenantId,
      enabled: facts.enabled,
      defaultRoleId: facts.defaultRoleId,
      allowedDomains: [...facts.allowedDomains],
      ...(facts.allowedMicrosoftTenantIds.length > 0 && { allowedMicrosoftTenantIds: [...facts.allowedMicrosoftTenantIds] }),
      requireEmailVerification: facts.requireEmailVerification,
      url: usable ? `${this.config.publicBaseUrl}/join/${this.reveal(facts.tokenCiphertext!)}` : null,
      available: reason === null,
      unavailableReason: reason,
    };
  }

  private reveal(ciphertext: string): string {
    // Decryption needs the ciphertext only; the look-up hash is not part of the read model.
    return this.tokens.reveal({ hash: '', ciphertext });
  }
}
