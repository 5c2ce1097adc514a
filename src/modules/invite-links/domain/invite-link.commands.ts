import { AllowedDomainsInput } from './allowed-domains';
import { StoredInviteToken } from './invite-link.events';
import { MicrosoftTenantIdsInput } from './microsoft-tenants';

/** The admin's settings change (PUT …/invite-link): every field is optional, absent = unchanged. */
export interface UpdateInviteLink {
  readonly type: 'UpdateInviteLink';
  readonly enabled?: boolean;
  readonly defaultRoleId?: string;
  readonly allowedDomains?: AllowedDomainsInput;
  readonly allowedMicrosoftTenantIds?: MicrosoftTenantIdsInput;
  /** Password signups confirm their email address (a mail with a one-time link) before they join. */
  readonly requireEmailVerification?: boolean;
  /**
   * A fact of the service, not a change: whether it can send mail (SMTP configured). Turning
   * email verification on without it is refused; absent counts as no mail.
   */
  readonly mailConfigured?: boolean;
  /** Used only when the link gets its first token. */
  readonly newToken: StoredInviteToken;
}

/** The admin's "Revoke & Generate": the current token stops working, a new one replaces it. */
export interface RevokeAndGenerateInviteLink {
  readonly type: 'RevokeAndGenerateInviteLink';
  readonly newToken: StoredInviteToken;
}

/** A signup (password or Microsoft) asking to become a member through the link. */
export interface JoinViaInviteLink {
  readonly type: 'JoinViaInviteLink';
  readonly userId: string;
  readonly tokenHash: string;
  readonly email: string;
  readonly method: 'password' | 'microsoft';
  /** The `tid` of a Microsoft signup (checked against the link's allowed Microsoft tenants). */
  readonly microsoftTenantId?: string;
}

export type InviteLinkCommand = UpdateInviteLink | RevokeAndGenerateInviteLink | JoinViaInviteLink;
