import { UnauthorizedException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { emailReservationStream, normalizeEmail } from '../../../../shared/domain/email';
import { PasswordHasher } from '../../application/password-hasher';
import { SessionService } from '../../auth/session.service';
import { emailReservationDecider } from '../../domain/email-reservation.decider';
import { userDecider, userStream } from '../../domain/user.decider';
import { SignInCommand } from './sign-in.command';

/** Password sign-in for every account; the same answer and cost for every kind of failure. */
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
    if (normalized) {
      const reservation = await this.repository.load(emailReservationStream(normalized), emailReservationDecider);
      const owner = reservation.state.reservedBy;
      if (owner) user = (await this.repository.load(userStream(owner), userDecider)).state;
    }
    const usable = user.exists && !user.closed;
    const valid = await this.passwords.verify(usable ? user.passwordHash : null, password);
    if (!usable || !valid) throw new UnauthorizedException('Invalid email or password');
    return { accessToken: await this.sessions.issue(user.userId), userId: user.userId };
  }
}
