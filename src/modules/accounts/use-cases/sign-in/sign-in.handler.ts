import { UnauthorizedException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { emailReservationStream, normalizeEmail } from '../../../../shared/domain/email';
import { PasswordHasher } from '../../application/password-hasher';
import { SessionService } from '../../auth/session.service';
import { emailReservationDecider, EmailReservationState } from '../../domain/email-reservation.decider';
import { userDecider, userStream } from '../../domain/user.decider';
import { SignInCommand } from './sign-in.command';

export const EMAIL_NOT_VERIFIED_MESSAGE =
  'Confirm your email address first: open the link we mailed you. You can have it sent again.';

/**
 * Password sign-in for every account; the same answer and cost for every kind of failure. An
 * account whose email is not confirmed yet (a signup waiting for its verification) cannot sign
 * in; with the right password it is told why (401 `email_not_verified`).
 */
@CommandHandler(SignInCommand)
export class SignInHandler implements ICommandHandler<SignInCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionService,
  ) {}

  async execute({ email, password }: SignInCommand) {
    const normalized = normalizeEmail(email);
    let user = userDecider.initialState;
    let reservation: EmailReservationState | undefined;
    if (normalized) {
      reservation = (await this.repository.load(emailReservationStream(normalized), emailReservationDecider)).state;
      const owner = reservation.reservedBy;
      if (owner) user = (await this.repository.load(userStream(owner), userDecider)).state;
    }
    const usable = user.exists && !user.closed;
    const valid = await this.passwords.verify(usable ? user.passwordHash : null, password);
    if (!usable || !valid) throw new UnauthorizedException('Invalid email or password');
    const verification = reservation?.verification;
    if (verification && verification.userId === user.userId && !verification.verified) {
      throw new UnauthorizedException({
        statusCode: 401,
        message: EMAIL_NOT_VERIFIED_MESSAGE,
        error: 'Unauthorized',
        code: 'email_not_verified',
      });
    }
    return { accessToken: await this.sessions.issue(user.userId), userId: user.userId };
  }
}
