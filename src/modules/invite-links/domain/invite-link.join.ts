import { forbidden, notFound } from '../../../shared/domain/domain-error';
import { isEmailDomainAllowed } from './allowed-domains';
import { acceptsToken } from './invite-link.availability';
import { JoinViaInviteLink } from './invite-link.commands';
import { MemberJoinedViaInviteLink } from './invite-link.events';
import {
  EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE,
  INVALID_LINK_MESSAGE,
  MICROSOFT_TENANT_NOT_ALLOWED_MESSAGE,
} from './invite-link.messages';
import { isMicrosoftTenantAllowed } from './microsoft-tenants';
import { TenantFacts } from './tenant-facts';

/**
 * The join check, decided on the tenant stream at the revision the signup read (R22): a
 * disable, Revoke & Generate, SSO or cancelation appended first makes this append fail or
 * this decision refuse, so revocation is immediate.
 */
export function decideJoin(command: JoinViaInviteLink, state: TenantFacts): MemberJoinedViaInviteLink[] {
  // R16: one answer for every dead link, checked before anything that would reveal its settings.
  if (!acceptsToken(state, command.tokenHash)) throw notFound('invalid_invite_link', INVALID_LINK_MESSAGE);
  const link = state.inviteLink;
  // R12: the email's domain must be listed exactly (no list = any domain).
  if (!isEmailDomainAllowed(command.email, link.allowedDomains)) {
    throw forbidden('email_domain_not_allowed', EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE);
  }
  if (command.method === 'microsoft' && !isMicrosoftTenantAllowed(command.microsoftTenantId ?? '', link.allowedMicrosoftTenantIds)) {
    throw forbidden('microsoft_tenant_not_allowed', MICROSOFT_TENANT_NOT_ALLOWED_MESSAGE);
  }
  // R2: enabling requires a role and roles cannot be deleted, so an enabled link always has one.
  // R5: the role is the default at this moment. R17: no limit on the number of joins.
  const roleId = link.defaultRoleId as string;
  return [
    {
      type: 'MemberJoinedViaInviteLink',
      data: { userId: command.userId, roleId, method: command.method, generation: link.generation },
    },
  ];
}
