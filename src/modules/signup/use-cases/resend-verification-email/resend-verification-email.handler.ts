import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EmailVerification } from '../../application/email-verification.service';
import { ResendVerificationEmailCommand } from './resend-verification-email.command';

@CommandHandler(ResendVerificationEmailCommand)
export class ResendVerificationEmailHandler implements ICommandHandler<ResendVerificationEmailCommand> {
  constructor(private readonly verification: EmailVerification) {}

  async execute({ email, correlationId }: ResendVerificationEmailCommand): Promise<void> {
    await this.verification.resend(email, correlationId);
  }
}
