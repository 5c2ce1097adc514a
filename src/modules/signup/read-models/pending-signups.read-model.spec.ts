import { SqliteDocumentStore } from '../../../infrastructure/read-models/sqlite/sqlite-document-store';
import { on, readModelSpec } from '../../../shared/application/testing/read-model-spec';
import {
  EmailReleased,
  EmailVerificationRequested,
  EmailVerificationResent,
  EmailVerified,
} from '../../accounts/domain/email-reservation.decider';
import { UserRegistered, userStream } from '../../accounts/domain/user.decider';
import { usersReadModel } from '../../accounts/read-models/users.read-model';
import { MemberJoinedViaInviteLink } from '../../invite-links/domain/invite-link.events';
import { tenantStream } from '../../tenancy/domain/tenant.events';
import { pendingSignupsReadModel } from './pending-signups.read-model';

// The users read model runs alongside, as in the composed projection: a pending person's name
// and address come from it.
const spec = readModelSpec(pendingSignupsReadModel, () => new SqliteDocumentStore(':memory:'), [usersReadModel]);

const reservation = (userId: string) => `emailReservation-hash-of-${userId}`;
const registered = (userId: string): UserRegistered => ({
  type: 'UserRegistered',
  data: {
    userId,
    email: `${userId}@Contoso.example`,
    firstName: `First ${userId}`,
    lastName: `Last ${userId}`,
    signInMethod: 'password',
    passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
  },
});
const requested = (userId: string, tenantId: string, expiresAt: string): EmailVerificationRequested => ({
  type: 'EmailVerificationRequested',
  data: { userId, tenantId, tokenHash: `token-hash-${userId}`, codeHash: `code-hash-${userId}`, codeSeed: `seed-${userId}`, expiresAt },
});
const resent = (userId: string): EmailVerificationResent => ({ type: 'EmailVerificationResent', data: { userId } });
const verified = (userId: string): EmailVerified => ({ type: 'EmailVerified', data: { userId } });
const joined = (userId: string): MemberJoinedViaInviteLink => ({
  type: 'MemberJoinedViaInviteLink',
  data: { userId, roleId: 'member', method: 'password', generation: 1 },
});
const released = (userId: string, reason: string): EmailReleased => ({ type: 'EmailReleased', data: { userId, reason } });

/** A signup that waits: its account registered, then its verification requested at `at`. */
const signup = (userId: string, tenantId: string, at: string, expiresAt = '2026-03-01T10:00:00.000Z') => [
  on(userStream(userId), registered(userId), at),
  on(reservation(userId), requested(userId, tenantId, expiresAt), at),
];

const pending = (userId: string, tenantId: string, signedUpAt: string, expiresAt = '2026-03-01T10:00:00.000Z') => ({
  userId,
  tenantId,
  email: `${userId}@Contoso.example`,
  firstName: `First ${userId}`,
  lastName: `Last ${userId}`,
  signedUpAt,
  expiresAt,
});

describe('pending signups read model', () => {
  it('given EmailVerificationRequested, then the person waits, with the name and address of their account, never a secret', () =>
    spec.given(...signup('u-1', 't-1', '2026-03-01T09:00:00.000Z')).then({
      'u-1': { ...pending('u-1', 't-1', '2026-03-01T09:00:00.000Z'), status: 'pending' },
    }));

  it('given a resend or the confirmation itself, then the person still waits: only the join ends it', () =>
    spec
      .given(...signup('u-1', 't-1', '2026-03-01T09:00:00.000Z'), on(reservation('u-1'), resent('u-1')), on(reservation('u-1'), verified('u-1')))
      .then({ 'u-1': { ...pending('u-1', 't-1', '2026-03-01T09:00:00.000Z'), status: 'pending' } }));

  it('given the join after the confirmation, then the person has joined', () =>
    spec
      .given(
        ...signup('u-1', 't-1', '2026-03-01T09:00:00.000Z'),
        on(reservation('u-1'), verified('u-1')),
        on(tenantStream('t-1'), joined('u-1')),
      )
      .then({ 'u-1': { ...pending('u-1', 't-1', '2026-03-01T09:00:00.000Z'), status: 'joined' } }));

  it('given the registration undone (expired, or the link stopped working), then the signup is withdrawn', () =>
    spec
      .given(
        ...signup('u-1', 't-1', '2026-03-01T09:00:00.000Z'),
        ...signup('u-2', 't-1', '2026-03-01T09:01:00.000Z'),
        on(reservation('u-1'), { type: 'EmailVerificationExpired', data: { userId: 'u-1', expiresAt: '2026-03-01T10:00:00.000Z' } }),
        on(reservation('u-1'), released('u-1', 'verification_expired')),
        on(reservation('u-2'), verified('u-2')),
        on(reservation('u-2'), released('u-2', 'invite_link_no_longer_valid')),
      )
      .then({
        'u-1': { ...pending('u-1', 't-1', '2026-03-01T09:00:00.000Z'), status: 'withdrawn' },
        'u-2': { ...pending('u-2', 't-1', '2026-03-01T09:01:00.000Z'), status: 'withdrawn' },
      }));

  it('given joins, releases and registrations of people who never waited, then it writes nothing', () =>
    spec
      .given(
        on(userStream('u-1'), registered('u-1')),
        on(tenantStream('t-1'), joined('u-1')),
        on(reservation('u-2'), released('u-2', 'registration_interrupted')),
      )
      .then({}));

  it('given a request whose account the users read model does not have, then it fails loudly, naming the event and the user', async () => {
    await expect(spec.given(on(reservation('u-1'), requested('u-1', 't-1', '2026-03-01T10:00:00.000Z'))).then({})).rejects.toThrow(
      'EmailVerificationRequested at position 1: user u-1 is not in the read model',
    );
  });

  it('lists the people of one tenant who still wait, newest first (ties by user id), at most `limit`', () =>
    spec
      .given(
        ...signup('u-b', 't-1', '2026-03-01T09:02:00.000Z'),
        ...signup('u-a', 't-1', '2026-03-01T09:02:00.000Z'),
        ...signup('u-old', 't-1', '2026-03-01T09:00:00.000Z'),
        ...signup('u-new', 't-1', '2026-03-01T09:03:00.000Z'),
        ...signup('u-other', 't-2', '2026-03-01T09:04:00.000Z'),
        ...signup('u-joined', 't-1', '2026-03-01T09:05:00.000Z'),
        ...signup('u-gone', 't-1', '2026-03-01T09:06:00.000Z'),
        on(tenantStream('t-1'), joined('u-joined')),
        on(reservation('u-gone'), released('u-gone', 'verification_expired')),
      )
      .thenQuery(async (store) => {
        const queries = pendingSignupsReadModel.queries(store);
        const listed = await queries.pendingSignupsOfTenant('t-1', 10);
        expect(listed.map((signup) => signup.userId)).toEqual(['u-new', 'u-a', 'u-b', 'u-old']);
        expect(listed[0]).toEqual(pending('u-new', 't-1', '2026-03-01T09:03:00.000Z'));
        expect((await queries.pendingSignupsOfTenant('t-1', 2)).map((signup) => signup.userId)).toEqual(['u-new', 'u-a']);
        expect((await queries.pendingSignupsOfTenant('t-2', 10)).map((signup) => signup.userId)).toEqual(['u-other']);
        expect(await queries.pendingSignupsOfTenant('t-unknown', 10)).toEqual([]);
      }));
});
