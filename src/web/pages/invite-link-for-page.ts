import { QueryBus } from '@nestjs/cqrs';
import { ResolveInviteLinkQuery } from '../../modules/invite-links/use-cases/resolve-invite-link/resolve-invite-link.query';
import { DomainError } from '../../shared/domain/domain-error';

export interface InviteLinkForPage {
  readonly organizationName: string;
  readonly signupMethods: string[];
}

/** What the join page shows for a token, or null when the link does not work (the R16 page). */
export async function inviteLinkForPage(queries: QueryBus, token: string): Promise<InviteLinkForPage | null> {
  try {
    return await queries.execute(new ResolveInviteLinkQuery(token));
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'not_found') return null;
    throw error;
  }
}
