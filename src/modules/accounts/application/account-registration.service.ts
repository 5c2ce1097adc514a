import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CommandContext } from '../../../shared/application/command-context';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { validationError } from '../../../shared/domain/domain-error';
import { emailReservationStream, normalizeEmail } from '../domain/email';
import { emailReservationDecider } from '../domain/email-reservation.decider';
import { MspPermission } from '../domain/msp-permissions';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblems } from '../domain/password-policy';
import { userDecider, userStream } from '../domain/user.decider';
import { PasswordHasher } from './password-hasher';

export interface NewAccount {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly password: string;
  readonly msp?: { mspId: string; permissions: MspPermission[] };
}

/**
 * Creates an account as a small process: reserve the email (decided in the event store, R11),
 * register the user, then run `complete` (for example the tenant membership). If a later step
 * fails, the earlier ones are undone: the account is closed and the email released (R18).
 */
@Injectable()
export class AccountRegistration {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  async register(
    account: NewAccount,
    context: CommandContext,
    complete?: (userId: string) => Promise<number | undefined>,
  ): Promise<{ userId: string; position?: number }> {
    const email = normalizeEmail(account.email);
    if (email === null) throw validationError('invalid_email', 'email: must be a valid email address', { field: 'email' });
    const problems = passwordProblems(account.password);
    if (problems.length > 0) {
      throw validationError('weak_password', `password: ${problems.map((p) => PASSWORD_PROBLEM_MESSAGES[p]).join(' ')}`, {
        field: 'password',
        problems,
      });
    }
    const userId = randomUUID();
    // Hash first: the slow step must not hold the reservation open longer than needed.
    const passwordHash = await this.passwords.hash(account.password);
    const reservation = emailReservationStream(email);
    await this.repository.execute(reservation, emailReservationDecider, { type: 'ReserveEmail', userId }, context);
    try {
      const registered = await this.repository.execute(
        userStream(userId),
        userDecider,
        {
          type: 'RegisterUser',
          userId,
          email,
          firstName: account.firstName.trim(),
          lastName: account.lastName.trim(),
          passwordHash,
          msp: account.msp,
        },
        context,
      );
      const position = complete ? await complete(userId) : registered.position;
      return { userId, position };
    } catch (error) {
      await this.undo(userId, reservation, context);
      throw error;
    }
  }

  private async undo(userId: string, reservation: string, context: CommandContext): Promise<void> {
    const reason = 'registration_failed';
    await this.repository.execute(userStream(userId), userDecider, { type: 'CloseAccount', reason }, context);
    await this.repository.execute(reservation, emailReservationDecider, { type: 'ReleaseEmail', userId, reason }, context);
  }
}
