import { ReadModel } from '../../../shared/application/projection.port';
import { ReadModels, UserName } from '../../../shared/application/read-models.port';
import { UserRegistered } from '../domain/user.decider';

export const USERS_COLLECTION = 'users';

/**
 * One registered user (id = userId). Deliberately a whitelist of UserRegistered fields: the
 * password hash never gets here. The memberships read model copies its fields into each
 * membership; the invite-link history names the people who acted through it.
 */
export type UserDocument = {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  signInMethod: 'password' | 'microsoft';
};

export const usersReadModel: ReadModel<Pick<ReadModels, 'userNamesByIds'>> = {
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

  queries: (store) => ({
    async userNamesByIds(userIds) {
      // One look-up by primary key per distinct id: the document store has no "id in" query,
      // and a page of history names a handful of people at most.
      const documents = await Promise.all(
        [...new Set(userIds)].map((userId) => store.get<UserDocument>(USERS_COLLECTION, userId)),
      );
      return documents.flatMap((found): UserName[] =>
        found ? [{ userId: found.doc.userId, email: found.doc.email, firstName: found.doc.firstName, lastName: found.doc.lastName }] : [],
      );
    },
  }),
};
