import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { CommandContext } from '../../../shared/application/command-context';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { READ_MODELS, ReadModels } from '../../../shared/application/read-models.port';
import { ReadYourWrites } from '../../../shared/application/read-your-writes';
import { conflict, forbidden, notFound, validationError } from '../../../shared/domain/domain-error';
import { AccountRegistration, RegistrationStep } from '../../accounts/application/account-registration.service';
import { SessionService } from '../../accounts/auth/session.service';
import { emailReservationStream, normalizeEmail } from '../../accounts/domain/email';
import { emailReservationDecider, USER_ALREADY_REGISTERED } from '../../accounts/domain/email-reservation.decider';
import { InviteTokenService } from '../../invite-links/application/invite-token.service';
import { isEmailDomainAllowed } from '../../invite-links/domain/allowed-domains';
import {
  acceptsToken,
  EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE,
  INVALID_LINK_MESSAGE,
  tenantDecider,
  TenantState,
} from '../../tenancy/domain/tenant.decider';
import { MemberJoinedViaInviteLink, tenantStream } from '../../tenancy/domain/tenant.events';
import { SignUpViaInviteLinkCommand, SignupResult } from './sign-up.command';
import { signupRuleViolations } from './signup-rules';

/** DI token: a hook called after each durable step of a signup (the crash tests' fault injection). */
export const SIGNUP_PROGRESS_HOOK = Symbol('SIGNUP_PROGRESS_HOOK');
export type SignupProgressHook = { readonly onProgress?: (step: RegistrationStep) => void };

/**
 * Looked up when a token matches no tenant, so that an unknown token costs the same look-ups as
 * a known but disabled one (R16: nothing distinguishes the cases, not even the time taken).
 */
const NO_TENANT = '00000000-0000-4000-8000-000000000000';

/**
 * Self-signup through an invite link (R11–R19, R22). The checks before any write answer in
 * the order of SPEC §5 and read the write side only; the writes then decide again, atomically:
 * the email reservation is appended to its own stream (R11: the first one wins), and the
 * membership is decided by the tenant decider on the tenant stream with the revision it read
 * (re-decided on conflict), so a disable, regenerate, SSO configuration or cancelation that got
 * in first makes it fail (R22) and the role granted is the default role at that append (R15).
 * A failing step undoes the account (AccountRegistration); a crash leaves it to the recovery job.
 */
@CommandHandler(SignUpViaInviteLinkCommand)
export class SignUpViaInviteLinkHandler implements ICommandHandler<SignUpViaInviteLinkCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly registration: AccountRegistration,
    private readonly tokens: InviteTokenService,
    private readonly sessions: SessionService,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(SIGNUP_PROGRESS_HOOK) private readonly hook: SignupProgressHook,
  ) {}

  async execute({ token, input, correlationId }: SignUpViaInviteLinkCommand): Promise<SignupResult> {
    const errors = signupRuleViolations(input);
    if (errors.length > 0) {
      throw validationError('invalid_signup', errors.map((error) => `${error.field}: ${error.message}`).join(' '), {
        errors,
        fields: [...new Set(errors.map((error) => error.field))],
      });
    }
    const email = normalizeEmail(input.email) as string;
    const tokenHash = this.tokens.hash(token);
    const link = await this.findLink(tokenHash);
    if (!link) throw notFound('invalid_invite_link', INVALID_LINK_MESSAGE);

    // Early answers for the usual cases; the appends below decide again under concurrency.
    const reservation = await this.repository.load(emailReservationStream(email), emailReservationDecider);
    if (reservation.state.reservedBy !== null) throw conflict('user_already_registered', USER_ALREADY_REGISTERED);
    if (!isEmailDomainAllowed(email, link.state.inviteLink.allowedDomains)) {
      throw forbidden('email_domain_not_allowed', EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE);
    }

    const userId = randomUUID();
    const context: CommandContext = { actor: { type: 'new_user', id: userId }, correlationId };
    let roleId = '';
    const { position } = await this.registration.register(
      { email, firstName: input.firstName, lastName: input.lastName, password: input.password },
      context,
      async (newUserId) => {
        const joined = await this.repository.execute(
          tenantStream(link.tenantId),
          tenantDecider,
          { type: 'JoinViaInviteLink', userId: newUserId, tokenHash, email, method: 'password' },
          context,
        );
        const event = joined.events.find((e): e is MemberJoinedViaInviteLink => e.type === 'MemberJoinedViaInviteLink');
        roleId = event?.data.roleId ?? '';
        return joined.position;
      },
      { userId, purpose: { kind: 'invite_link', tenantId: link.tenantId }, onProgress: this.hook.onProgress },
    );
    await this.readYourWrites.after(position);
    return { userId, tenantId: link.tenantId, roleId, sessionToken: await this.sessions.issue(userId) };
  }

  /** The tenant whose current link accepts this token hash, decided on the tenant stream. */
  private async findLink(tokenHash: string): Promise<{ tenantId: string; state: TenantState } | null> {
    const tenantId = await this.readModels.tenantIdByTokenHash(tokenHash);
    const { state } = await this.repository.load(tenantStream(tenantId ?? NO_TENANT), tenantDecider);
    return tenantId !== null && acceptsToken(state, tokenHash) ? { tenantId, state } : null;
  }
}
