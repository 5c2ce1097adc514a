import { Query } from '@nestjs/cqrs';

export type LandingPage = '/admin' | '/app';

/** Where a user lands after signing in on /sign-in: MSP admins on their dashboard, everyone else in the product. */
export class LandingPageQuery extends Query<LandingPage> {
  constructor(readonly userId: string) {
    super();
  }
}
