import { Command } from '@nestjs/cqrs';

/**
 * Sends the verification mail again when a signup with this email waits for its confirmation;
 * does nothing otherwise. Resolves the same way in every case (no enumeration).
 */
export class ResendVerificationEmailCommand extends Command<void> {
  constructor(
    readonly email: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
