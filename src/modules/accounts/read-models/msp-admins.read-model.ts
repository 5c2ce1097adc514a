import { RecordedEvent } from '../../../shared/application/event-store.port';
import { ReadModel } from '../../../shared/application/projection.port';
import { MspPermission } from '../../../shared/domain/msp-permissions';
import { MspAdminGranted, userStream } from '../domain/user.decider';
import { USERS_COLLECTION, UserDocument } from './users.read-model';

export const MSP_ADMINS_COLLECTION = 'msp_admins';

/**
 * One MSP admin account (id = userId), so that dashboards can name the actors of the audit
 * trail. A whitelist of fields like the users read model: no password hash, no secret.
 */
export type MspAdminDocument = {
  userId: string;
  mspId: string;
  firstName: string;
  lastName: string;
  email: string;
  permissions: MspPermission[];
  /** ISO-8601, MspAdminGranted's metadata.at. */
  createdAt: string;
  /** True once the account was closed because its registration could not be completed. */
  closed: boolean;
};

const USER_STREAM_PREFIX = userStream('');

/** MspAdminGranted and AccountClosed carry the user only in their stream name, `user-<id>`. */
function userIdOf(event: RecordedEvent): string {
  if (!event.streamName.startsWith(USER_STREAM_PREFIX)) {
    throw new Error(`${event.type} at position ${event.position} is not in a user stream: ${event.streamName}`);
  }
  return event.streamName.slice(USER_STREAM_PREFIX.length);
}

/** MSP admins with their names and permissions. Reads the users read model, which UserRegistered filled first. */
export const mspAdminsReadModel: ReadModel = {
  collection: MSP_ADMINS_COLLECTION,
  indexes: [{ collection: MSP_ADMINS_COLLECTION, fields: ['mspId'] }],
  dateFields: ['createdAt'],

  async apply(event, store) {
    switch (event.type) {
      case 'MspAdminGranted': {
        const data = event.data as MspAdminGranted['data'];
        const userId = userIdOf(event);
        // The same append recorded UserRegistered just before: a miss is a broken invariant.
        const user = await store.get<UserDocument>(USERS_COLLECTION, userId);
        if (!user) throw new Error(`${event.type} at position ${event.position}: user ${userId} is not in the read model`);
        const admin: MspAdminDocument = {
          userId,
          mspId: data.mspId,
          firstName: user.doc.firstName,
          lastName: user.doc.lastName,
          email: user.doc.email,
          permissions: [...data.permissions],
          createdAt: event.metadata.at,
          closed: false,
        };
        await store.upsertIfNewer(MSP_ADMINS_COLLECTION, userId, event.position, admin);
        return;
      }
      // Closes only the accounts that are MSP admins: other users have no document to update.
      case 'AccountClosed':
        await store.updateIfNewer(MSP_ADMINS_COLLECTION, userIdOf(event), event.position, { closed: true });
        return;
    }
  },

  queries: () => ({}),
};
