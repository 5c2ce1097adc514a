import { ReadModel } from '../../../shared/application/projection.port';
import { UserRegistered } from '../domain/user.decider';

export const USERS_COLLECTION = 'users';

/**
 * One registered user (id = userId). Deliberately a whitelist of UserRegistered fields: the
 * password hash never gets here. Nothing queries it directly: the memberships read model copies
 * its fields into each membership.
 */
export type UserDocument = {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  signInMethod: 'password' | 'microsoft';
};

export const usersReadModel: ReadModel = {
  collection: USERS_COLLECTION,
  indexes: [],

  async apply(event, store) {
    if (event.type !== 'UserRegistered') return;
    const data = event.data as UserRegistered['data'];
    const doc: UserDocument = {
      userId: data.userId,
      email: data.email,
      firstName: data.firstName,
      lastName: data.lastName,
      signInMethod: data.signInMethod,
    };
    await store.upsertIfNewer(USERS_COLLECTION, data.userId, event.position, doc);
  },

  queries: () => ({}),
};
