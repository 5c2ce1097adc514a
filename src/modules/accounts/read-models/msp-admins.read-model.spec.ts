import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { on, readModelSpec } from '../../../shared/application/testing/read-model-spec';
import { MspAdminGranted, UserRegistered, userStream } from '../domain/user.decider';
import { mspAdminsReadModel } from './msp-admins.read-model';
import { usersReadModel } from './users.read-model';

// The users read model runs alongside, as in the composed projection: an admin's name comes from it.
const spec = readModelSpec(mspAdminsReadModel, () => new SqliteDocumentStore(':memory:'), [usersReadModel]);

const PASSWORD_HASH = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA';
const registered = (userId: string): UserRegistered => ({
  type: 'UserRegistered',
  data: {
    userId,
    email: `${userId}@northwind.example`,
    firstName: `First ${userId}`,
    lastName: `Last ${userId}`,
    signInMethod: 'password',
    passwordHash: PASSWORD_HASH,
  },
});
const granted = (mspId: string, permissions: MspAdminGranted['data']['permissions']): MspAdminGranted => ({
  type: 'MspAdminGranted',
  data: { mspId, permissions },
});

describe('msp admins read model', () => {
  it('given an MSP admin registered, then it is listed with name, email and permissions, never the password hash', () =>
    spec
      .given(
        on(userStream('a-1'), registered('a-1')),
        on(userStream('a-1'), granted('msp-1', ['manage_user_roles', 'view_audit_log']), '2026-04-05T06:07:08.000Z'),
      )
      .then({
        'a-1': {
          userId: 'a-1',
          mspId: 'msp-1',
          firstName: 'First a-1',
          lastName: 'Last a-1',
          email: 'a-1@northwind.example',
          permissions: ['manage_user_roles', 'view_audit_log'],
          createdAt: '2026-04-05T06:07:08.000Z',
          closed: false,
        },
      }));

  it('given users who are not MSP admins, closed or not, then it writes nothing', () =>
    spec
      .given(on(userStream('u-1'), registered('u-1')), on(userStream('u-1'), { type: 'AccountClosed', data: { reason: 'test' } }))
      .then({}));

  it('given an MSP admin whose registration was undone, then the admin stays listed, marked closed', () =>
    spec
      .given(
        on(userStream('a-1'), registered('a-1')),
        on(userStream('a-1'), granted('msp-1', ['view_audit_log'])),
        on(userStream('a-1'), { type: 'AccountClosed', data: { reason: 'registration_not_completed' } }),
      )
      .then({
        'a-1': {
          userId: 'a-1',
          mspId: 'msp-1',
          firstName: 'First a-1',
          lastName: 'Last a-1',
          email: 'a-1@northwind.example',
          permissions: ['view_audit_log'],
          createdAt: '2026-01-01T00:00:00.000Z',
          closed: true,
        },
      }));

  it('given MspAdminGranted of a user the read models never saw, then it fails loudly rather than list a blank admin', async () => {
    await expect(spec.given(on(userStream('a-404'), granted('msp-1', []))).then({})).rejects.toThrow(
      'MspAdminGranted at position 1: user a-404 is not in the read model',
    );
  });
});
