import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { SIGNUP_REFUSALS, SignupRefusals } from '../../../../shared/application/signup-refusals.port';
import { notFound, validationError } from '../../../../shared/domain/domain-error';
import { RegistrationStep } from '../../../accounts/application/account-registration.service';
import { SessionService } from '../../../accounts/auth/session.service';
import { normalizeEmail } from '../../../../shared/domain/email';
import { InviteLinkLookup } from '../../../invite-links/application/invite-link-lookup.service';
import { INVALID_LINK_MESSAGE } from '../../../invite-links/domain/invite-link.messages';
import { EmailVerification } from '../../application/email-verification.service';
import { InviteLinkJoin } from '../../application/invite-link-join.service';
import { countingRefusals } from '../../application/signup-refusals';
import { SignUpViaInviteLinkCommand, SignupResult } from './sign-up-via-invite-link.command';
import { signupRuleViolations } from '../../domain/signup-rules';

/** DI token: a hook called after each durable step of a signup (the crash tests' fault injection). */
export const SIGNUP_PROGRESS_HOOK = Symbol('SIGNUP_PROGRESS_HOOK');
export type SignupProgressHook = { readonly onProgress?: (step: RegistrationStep) => void };


/**
 * Self-signup through an invite link (R11–R19, R22). The checks before any write answer in
 * the order of docs/http-api.md and read the write side only; the writes then decide again, atomically:
 * the email reservation is appended to its own stream (R11: the first one wins), and the
 * membership is decided by the tenant decider on the tenant stream with the revision it read
 * (re-decided on conflict), so a disable, regenerate, SSO configuration or cancelation that got
 * in first makes it fail (R22) and the role granted is the default role at that append (R15).
 * A failing step undoes the account (AccountRegistration); a crash leaves it to the recovery job.
 * Refusals are counted by reason (SignupRefusals), for the API and the join page alike.
 */
@CommandHandler(SignUpViaInviteLinkCommand)
export class SignUpViaInviteLinkHandler implements ICommandHandler<SignUpViaInviteLinkCommand> {
  constructor(
    private readonly links: InviteLinkLookup,
    private readonly joins: InviteLinkJoin,
    private readonly verification: EmailVerification,
    private readonly sessions: SessionService,
    @Inject(SIGNUP_PROGRESS_HOOK) private readonly hook: SignupProgressHook,
    @Inject(SIGNUP_REFUSALS) private readonly refusals: SignupRefusals,
  ) {}

  execute(command: SignUpViaInviteLinkCommand): Promise<SignupResult> {
    return countingRefusals(this.refusals, () => this.signUp(command));
  }

  private async signUp({ token, input, correlationId }: SignUpViaInviteLinkCommand): Promise<SignupResult> {
    const errors = signupRuleViolations(input);
    if (errors.length > 0) {
      throw validationError('invalid_signup', errors.map((error) => `${error.field}: ${error.message}`).join(' '), {
        errors,
        fields: [...new Set(errors.map((error) => error.field))],
      });
    }
    const email = normalizeEmail(input.email) as string;
    const link = await this.links.find(token);
    if (!link) throw notFound('invalid_invite_link', INVALID_LINK_MESSAGE);

    await this.joins.assertEmailMayJoin(email, link.state.inviteLink.allowedDomains);

    const userId = randomUUID();
    const context = { actor: { type: 'new_user' as const, id: userId }, correlationId };
    const options = { userId, purpose: { kind: 'invite_link' as const, tenantId: link.tenantId }, onProgress: this.hook.onProgress };
    if (link.state.inviteLink.requireEmailVerification) {
      // Proof of the address first: the join is decided when the person confirms (R22 then).
      await this.verification.start({
        tenantId: link.tenantId,
        tokenHash: link.tokenHash,
        account: { email, firstName: input.firstName, lastName: input.lastName, password: input.password },
        context,
        options,
      });
      return { status: 'verification_required', userId, tenantId: link.tenantId, email };
    }
    const { roleId } = await this.joins.join({
      tenantId: link.tenantId,
      tokenHash: link.tokenHash,
      email,
      method: 'password',
      account: { email, firstName: input.firstName, lastName: input.lastName, password: input.password },
      context,
      options,
    });
    return { status: 'joined', userId, tenantId: link.tenantId, roleId, sessionToken: await this.sessions.issue(userId) };
  }
}
