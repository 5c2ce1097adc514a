import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { on, readModelSpec } from '../../../shared/application/testing/read-model-spec';
import { UserRegistered, userStream } from '../domain/user.decider';
import { usersReadModel } from './users.read-model';

const spec = readModelSpec(usersReadModel, () => new SqliteDocumentStore(':memory:'));

const registered: UserRegistered = {
  type: 'UserRegistered',
  data: {
    userId: 'u-1',
    email: 'Ada@Example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    signInMethod: 'password',
    passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
  },
};

describe('users read model', () => {
  it('given UserRegistered, then the user is stored as given, without the password hash', () =>
    spec.given(on(userStream('u-1'), registered)).then({
      'u-1': { userId: 'u-1', email: 'Ada@Example.com', firstName: 'Ada', lastName: 'Lovelace', signInMethod: 'password' },
    }));

  it('given the other events of a user stream, then it writes nothing', () =>
    spec
      .given(
        on(userStream('u-1'), { type: 'MspAdminGranted', data: { mspId: 'msp-1', permissions: [] } }),
        on(userStream('u-1'), { type: 'AccountClosed', data: { reason: 'test' } }),
      )
      .then({}));

  it('given two registered users, then their names are found by id, once each, and unknown ids are left out', () =>
    spec
      .given(
        on(userStream('u-1'), registered),
        on(userStream('u-2'), {
          type: 'UserRegistered',
          data: { userId: 'u-2', email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', signInMethod: 'microsoft' },
        }),
      )
      .thenQuery(async (store) => {
        const names = await usersReadModel.queries(store).userNamesByIds(['u-2', 'nobody', 'u-1', 'u-2']);
        expect(names.sort((a, b) => a.userId.localeCompare(b.userId))).toEqual([
          { userId: 'u-1', email: 'Ada@Example.com', firstName: 'Ada', lastName: 'Lovelace' },
          { userId: 'u-2', email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' },
        ]);
        expect(await usersReadModel.queries(store).userNamesByIds([])).toEqual([]);
      }));
});
