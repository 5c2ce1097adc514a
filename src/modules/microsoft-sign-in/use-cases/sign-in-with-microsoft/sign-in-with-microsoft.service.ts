import { Injectable } from '@nestjs/common';
import { EventSourcedRepository } from '../../../../shared/application/event-sourced-repository';
import { SessionService } from '../../../accounts/auth/session.service';
import { microsoftIdentityDecider, microsoftIdentityStream } from '../../../accounts/domain/microsoft-identity.decider';
import { userDecider, userStream } from '../../../accounts/domain/user.decider';
import { MicrosoftIdentity } from '../../application/microsoft-oidc.client';

export const MICROSOFT_NO_ACCOUNT_MESSAGE =
  'No account here uses this Microsoft account. If you were invited, open the invite link from your administrator to sign up.';

/**
 * Sign-in with Microsoft for accounts created that way (docs/http-api.md, Microsoft sign-in): the account is found by the
 * identity's `(tid, oid)` reservation, never by email, so a Microsoft account whose email matches
 * someone else's address signs in to nothing (nOAuth).
 */
@Injectable()
export class MicrosoftSignIn {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly sessions: SessionService,
  ) {}

  /** A session for the account this identity created, or null when there is none (or it is closed). */
  async signIn(identity: Pick<MicrosoftIdentity, 'tid' | 'oid'>): Promise<{ userId: string; sessionToken: string } | null> {
    const reservation = await this.repository.load(microsoftIdentityStream(identity.tid, identity.oid), microsoftIdentityDecider);
    const owner = reservation.state.reservedBy;
    if (owner === null) return null;
    const { state: user } = await this.repository.load(userStream(owner), userDecider);
    if (!user.exists || user.closed || user.signInMethod !== 'microsoft') return null;
    return { userId: user.userId, sessionToken: await this.sessions.issue(user.userId) };
  }
}
