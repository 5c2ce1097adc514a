import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { userDecider, userStream } from '../../domain/user.decider';
import { LandingPage, LandingPageQuery } from './get-landing-page.query';

@QueryHandler(LandingPageQuery)
export class LandingPageHandler implements IQueryHandler<LandingPageQuery> {
  constructor(private readonly repository: EventSourcedRepository) {}

  async execute({ userId }: LandingPageQuery): Promise<LandingPage> {
    // The write side, like the AuthGuard: the user just signed in, a read model may lag behind.
    const { state } = await this.repository.load(userStream(userId), userDecider);
    return state.exists && state.msp !== null ? '/admin' : '/app';
  }
}
