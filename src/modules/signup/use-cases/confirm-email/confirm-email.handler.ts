import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SessionService } from '../../../accounts/auth/session.service';
import { EmailVerification } from '../../application/email-verification.service';
import { ConfirmEmailCommand, ConfirmEmailResult } from './confirm-email.command';

/** The person proved they own the address: the join happens now, and they are signed in (R15). */
@CommandHandler(ConfirmEmailCommand)
export class ConfirmEmailHandler implements ICommandHandler<ConfirmEmailCommand> {
  constructor(
    private readonly verification: EmailVerification,
    private readonly sessions: SessionService,
  ) {}

  async execute({ code, correlationId }: ConfirmEmailCommand): Promise<ConfirmEmailResult> {
    const joined = await this.verification.confirm(code, correlationId);
    return { ...joined, sessionToken: await this.sessions.issue(joined.userId) };
  }
}
