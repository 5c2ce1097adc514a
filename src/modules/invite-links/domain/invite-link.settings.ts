import { conflict, validationError } from '../../../shared/domain/domain-error';
import { MAX_ALLOWED_DOMAINS, parseAllowedDomains } from './allowed-domains';
import { UpdateInviteLink } from './invite-link.commands';
import { listChange } from './entry-list';
import { InviteLinkEvent } from './invite-link.events';
import { MAIL_NOT_CONFIGURED_MESSAGE, SSO_UNAVAILABLE_MESSAGE } from './invite-link.messages';
import { MAX_ALLOWED_MICROSOFT_TENANTS, parseMicrosoftTenantIds } from './microsoft-tenants';
import { requireActiveTenant, requireRole, TenantFacts } from './tenant-facts';

/**
 * The admin's settings change: default role, allowed domains, allowed Microsoft tenants, email
 * verification and enabled, in that order, in one decision. Either every part is valid and each
 * real change is one event, or nothing is recorded. Repeating the current settings records
 * nothing; the same list in another order is a change (the lists keep the admin's order,
 * entry-list.ts). Email verification comes before enabling, so that a save turning both on never
 * leaves a moment in which the link works without it.
 */
export function decideInviteLinkUpdate(command: UpdateInviteLink, state: TenantFacts): InviteLinkEvent[] {
  // R10: a canceled tenant's link is never changed again.
  requireActiveTenant(state);
  const link = state.inviteLink;
  const events: InviteLinkEvent[] = [];

  // R5: a new default role applies to future signups only; the token and the URL stay.
  let roleId = link.defaultRoleId;
  if (command.defaultRoleId !== undefined) {
    requireRole(state, command.defaultRoleId, 'defaultRoleId');
    if (command.defaultRoleId !== link.defaultRoleId) {
      events.push({ type: 'InviteLinkDefaultRoleChanged', data: { from: link.defaultRoleId, to: command.defaultRoleId } });
      roleId = command.defaultRoleId;
    }
  }

  // R3: the input is normalized and checked; R6: a new list keeps the token and the URL.
  if (command.allowedDomains !== undefined) {
    const parsed = parseAllowedDomains(command.allowedDomains);
    if (!parsed.ok) {
      if (parsed.invalid.length > 0) {
        throw validationError('invalid_domains', `allowedDomains: invalid domain(s): ${parsed.invalid.join(', ')}`, {
          field: 'allowedDomains',
          invalid: parsed.invalid,
        });
      }
      throw validationError(
        'too_many_domains',
        `allowedDomains: at most ${MAX_ALLOWED_DOMAINS} domains per tenant (got ${parsed.count})`,
        { field: 'allowedDomains' },
      );
    }
    const change = listChange(link.allowedDomains, parsed.domains);
    if (change) events.push({ type: 'InviteLinkAllowedDomainsChanged', data: { ...change, domains: parsed.domains } });
  }

  if (command.allowedMicrosoftTenantIds !== undefined) {
    const parsed = parseMicrosoftTenantIds(command.allowedMicrosoftTenantIds);
    if (!parsed.ok) {
      if (parsed.invalid.length > 0) {
        throw validationError(
          'invalid_microsoft_tenant_ids',
          `allowedMicrosoftTenantIds: not a Microsoft tenant id (a GUID): ${parsed.invalid.join(', ')}`,
          { field: 'allowedMicrosoftTenantIds', invalid: parsed.invalid },
        );
      }
      throw validationError(
        'too_many_microsoft_tenant_ids',
        `allowedMicrosoftTenantIds: at most ${MAX_ALLOWED_MICROSOFT_TENANTS} Microsoft tenant ids per link (got ${parsed.count})`,
        { field: 'allowedMicrosoftTenantIds' },
      );
    }
    const change = listChange(link.allowedMicrosoftTenantIds, parsed.tenantIds);
    if (change) events.push({ type: 'InviteLinkMicrosoftTenantsChanged', data: { ...change, tenantIds: parsed.tenantIds } });
  }

  // Like the other settings it may be prepared on a disabled link. Only turning it on needs mail:
  // keeping it on, or off, sends nothing new, so those never depend on SMTP.
  if (command.requireEmailVerification !== undefined && command.requireEmailVerification !== link.requireEmailVerification) {
    if (command.requireEmailVerification && command.mailConfigured !== true) {
      throw validationError('mail_not_configured', MAIL_NOT_CONFIGURED_MESSAGE, { field: 'requireEmailVerification' });
    }
    events.push({ type: 'InviteLinkEmailVerificationSet', data: { requireEmailVerification: command.requireEmailVerification } });
  }

  if (command.enabled === true && !link.enabled) {
    // R9: the SSO answer comes first: no role choice would make the link available.
    if (state.sso) throw conflict('sso_configured', SSO_UNAVAILABLE_MESSAGE);
    // R2: enabling needs a default role (chosen in this request or earlier).
    if (roleId === null) {
      throw validationError(
        'default_role_required',
        'defaultRoleId: a default role is required before the invite link can be enabled',
        { field: 'defaultRoleId' },
      );
    }
    // R1: the first enabling issues the link's token; R7: re-enabling keeps the token it had.
    events.push(
      link.token === null
        ? { type: 'InviteLinkEnabled', data: { generation: 1, token: command.newToken } }
        : { type: 'InviteLinkEnabled', data: { generation: link.generation } },
    );
  } else if (command.enabled === false && link.enabled) {
    // R7: disabling stops the link at once.
    events.push({ type: 'InviteLinkDisabled', data: { reason: 'admin' } });
  }
  return events;
}
