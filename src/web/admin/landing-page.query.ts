import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { userDecider, userStream } from '../../modules/accounts/domain/user.decider';
import { EventSourcedRepository } from '../../shared/application/event-sourced-repository';

export type LandingPage = '/admin' | '/app';

/** Where a user lands after signing in on /sign-in: MSP admins on their dashboard, everyone else in the product. */
export class LandingPageQuery extends Query<LandingPage> {
  constructor(readonly userId: string) {
    super();
  }
}

@QueryHandler(LandingPageQuery)
export class LandingPageHandler implements IQueryHandler<LandingPageQuery> {
  constructor(private readonly repository: EventSourcedRepository) {}

  async execute({ userId }: LandingPageQuery): Promise<LandingPage> {
    // The write side, like the AuthGuard: the user just signed in, a read model may lag behind.
    const { state } = await this.repository.load(userStream(userId), userDecider);
    return state.exists && state.msp !== null ? '/admin' : '/app';
  }
}
