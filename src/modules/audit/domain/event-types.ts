import type { EmailReservationEvent } from '../../accounts/domain/email-reservation.decider';
import type { MicrosoftIdentityEvent } from '../../accounts/domain/microsoft-identity.decider';
import type { UserEvent } from '../../accounts/domain/user.decider';
import type { SiblingDomainsEvent } from '../../invite-links/domain/sibling-domains.decider';
import type { MspEvent } from '../../tenancy/domain/msp.decider';
import type { TenantEvent } from '../../tenancy/domain/tenant.events';
import type { AuditCheckpointRecorded } from './audit-checkpoint';
import type { MailEvent } from '../../mail/domain/mail.events';

/** Every event the service stores, as the modules declare them. */
type StoredEvent =
  | MspEvent
  | TenantEvent
  | SiblingDomainsEvent
  | UserEvent
  | EmailReservationEvent
  | MicrosoftIdentityEvent
  | MailEvent
  | AuditCheckpointRecorded;

/**
 * Keyed by the declared types: the compiler refuses a type left out and a type no module declares,
 * so this object cannot drift from the events. In the order of the event catalogue (docs/events.md).
 */
const DECLARED: Record<StoredEvent['type'], true> = {
  MspCreated: true,
  TenantCreated: true,
  TenantRoleCreated: true,
  TenantSsoConfigured: true,
  TenantSsoRemoved: true,
  TenantCanceled: true,
  TenantMemberAdded: true,
  InviteLinkEnabled: true,
  InviteLinkDisabled: true,
  InviteLinkDefaultRoleChanged: true,
  InviteLinkAllowedDomainsChanged: true,
  InviteLinkMicrosoftTenantsChanged: true,
  InviteLinkEmailVerificationSet: true,
  InviteLinkRegenerated: true,
  MemberJoinedViaInviteLink: true,
  SiblingDomainsClaimed: true,
  SiblingDomainsReleased: true,
  UserRegistered: true,
  MspAdminGranted: true,
  AccountClosed: true,
  EmailReserved: true,
  RegistrationCompleted: true,
  EmailReleased: true,
  EmailVerificationRequested: true,
  EmailVerificationResent: true,
  EmailVerified: true,
  EmailVerificationExpired: true,
  MicrosoftIdentityReserved: true,
  MicrosoftIdentityReleased: true,
  MailSent: true,
  MailDiscarded: true,
  AuditCheckpointRecorded: true,
};

/** Every event type of the catalogue: what an audit read may name in `type=`. */
export const EVENT_TYPES: readonly string[] = Object.keys(DECLARED);
