import { SortKey } from '../../../shared/application/document-store.port';
import { ReadModel } from '../../../shared/application/projection.port';
import { PendingSignup, ReadModels } from '../../../shared/application/read-models.port';
import { EmailReleased, EmailVerificationRequested } from '../../accounts/domain/email-reservation.decider';
import { USERS_COLLECTION, UserDocument } from '../../accounts/read-models/users.read-model';
import { MemberJoinedViaInviteLink } from '../../invite-links/domain/invite-link.events';

export const PENDING_SIGNUPS_COLLECTION = 'pending_signups';

/**
 * One signup through an invite link that waits for its email to be confirmed (id = userId).
 * `pending` until the person confirms and joins (`joined`) or the registration is undone: the code
 * expired or the link stopped working before the confirmation (`withdrawn`). Only `pending` ones
 * are listed; the others stay as a record of what happened.
 */
export type PendingSignupDocument = {
  userId: string;
  tenantId: string;
  email: string;
  firstName: string;
  lastName: string;
  /** ISO-8601, EmailVerificationRequested's metadata.at. */
  signedUpAt: string;
  /** ISO-8601, when the verification link stops working. */
  expiresAt: string;
  status: 'pending' | 'joined' | 'withdrawn';
};

const NEWEST_FIRST: readonly SortKey[] = [
  { field: 'signedUpAt', direction: 'desc' },
  { field: 'userId', direction: 'asc' },
];

/** People waiting for their email confirmation, for the tenant's user list. */
export const pendingSignupsReadModel: ReadModel<Pick<ReadModels, 'pendingSignupsOfTenant'>> = {
  collection: PENDING_SIGNUPS_COLLECTION,
  indexes: [{ collection: PENDING_SIGNUPS_COLLECTION, fields: ['tenantId', 'status', 'signedUpAt', 'userId'] }],
  dateFields: ['signedUpAt', 'expiresAt'],

  async apply(event, store) {
    switch (event.type) {
      case 'EmailVerificationRequested': {
        const data = event.data as EmailVerificationRequested['data'];
        // UserRegistered precedes the request in the same registration, so the user is known.
        const user = await store.get<UserDocument>(USERS_COLLECTION, data.userId);
        if (!user) {
          throw new Error(`EmailVerificationRequested at position ${event.position}: user ${data.userId} is not in the read model`);
        }
        const doc: PendingSignupDocument = {
          userId: data.userId,
          tenantId: data.tenantId,
          email: user.doc.email,
          firstName: user.doc.firstName,
          lastName: user.doc.lastName,
          signedUpAt: event.metadata.at,
          expiresAt: data.expiresAt,
          status: 'pending',
        };
        await store.upsertIfNewer(PENDING_SIGNUPS_COLLECTION, data.userId, event.position, doc);
        return;
      }
      case 'MemberJoinedViaInviteLink': {
        // Only signups that waited have a document here; for every other join this changes nothing.
        const data = event.data as MemberJoinedViaInviteLink['data'];
        await store.updateIfNewer(PENDING_SIGNUPS_COLLECTION, data.userId, event.position, { status: 'joined' });
        return;
      }
      case 'EmailReleased': {
        const data = event.data as EmailReleased['data'];
        await store.updateIfNewer(PENDING_SIGNUPS_COLLECTION, data.userId, event.position, { status: 'withdrawn' });
        return;
      }
    }
  },

  queries: (store) => ({
    async pendingSignupsOfTenant(tenantId, limit) {
      const found = await store.find<PendingSignupDocument>(PENDING_SIGNUPS_COLLECTION, {
        where: { tenantId, status: 'pending' },
        orderBy: NEWEST_FIRST,
        limit,
      });
      return found.map(
        ({ doc }): PendingSignup => ({
          userId: doc.userId,
          tenantId: doc.tenantId,
          email: doc.email,
          firstName: doc.firstName,
          lastName: doc.lastName,
          signedUpAt: doc.signedUpAt,
          expiresAt: doc.expiresAt,
        }),
      );
    },
  }),
};
