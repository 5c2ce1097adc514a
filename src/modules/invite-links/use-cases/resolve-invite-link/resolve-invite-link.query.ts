import { Query } from '@nestjs/cqrs';

/** Public: what a new user holding a token may learn (docs/http-api.md). */
export class ResolveInviteLinkQuery extends Query<{ organizationName: string; signupMethods: string[] }> {
  constructor(readonly token: string) {
    super();
  }
}
