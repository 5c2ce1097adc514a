import { Command } from '@nestjs/cqrs';
import { SignupInput } from '../../domain/signup-rules';

export interface JoinedResult {
  readonly status: 'joined';
  readonly userId: string;
  readonly tenantId: string;
  readonly roleId: string;
  /** Session token for the new user (set as the session cookie by the caller). */
  readonly sessionToken: string;
}

/**
 * The link requires email verification: the account waits, holding the email, until the person
 * opens the one-time link mailed to `email`. No session, no membership yet.
 */
export interface VerificationRequiredResult {
  readonly status: 'verification_required';
  readonly userId: string;
  readonly tenantId: string;
  /** Normalized. */
  readonly email: string;
}

export type SignupResult = JoinedResult | VerificationRequiredResult;

/**
 * Self-signup through an invite link (R11–R19, R22). Throws DomainErrors, checked in this
 * order (docs/http-api.md): rule violations of the input → `validation` with
 * `details.errors: {field, message}[]`; a link that does not accept the token → `not_found`
 * `invalid_invite_link` (the R16 message); a registered email → `conflict`
 * `user_already_registered`; a domain outside the allow-list → `forbidden`
 * `email_domain_not_allowed`.
 */
export class SignUpViaInviteLinkCommand extends Command<SignupResult> {
  constructor(
    readonly token: string,
    readonly input: SignupInput,
    readonly correlationId: string,
  ) {
    super();
  }
}
