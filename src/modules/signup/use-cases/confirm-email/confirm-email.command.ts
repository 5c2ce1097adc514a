import { Command } from '@nestjs/cqrs';
import { ConfirmedJoin } from '../../application/email-verification.service';

export interface ConfirmEmailResult extends ConfirmedJoin {
  /** Session token for the new member (set as the session cookie by the caller). */
  readonly sessionToken: string;
}

/**
 * Confirms an email verification code and completes the waiting signup's join. Throws
 * DomainErrors: `verification_code_invalid` (not_found: unknown or tampered), `verification_code_used`
 * (conflict), `verification_code_expired` (gone), and the join's own refusals (`invalid_invite_link`
 * with the R16 message when the link stopped working meanwhile; `email_domain_not_allowed`).
 */
export class ConfirmEmailCommand extends Command<ConfirmEmailResult> {
  constructor(
    readonly code: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
