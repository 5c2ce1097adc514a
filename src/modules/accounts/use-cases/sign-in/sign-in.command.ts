import { Command } from '@nestjs/cqrs';

/** Password sign-in (the API's and the sign-in page's). */
export class SignInCommand extends Command<{ accessToken: string; userId: string }> {
  constructor(readonly email: string, readonly password: string) {
    super();
  }
}
