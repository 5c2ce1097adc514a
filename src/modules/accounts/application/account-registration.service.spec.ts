import { Logger } from '@nestjs/common';
import { SqliteEventStore } from '../../../infrastructure/event-store/sqlite/sqlite-event-store';
import { systemClock } from '../../../shared/application/clock';
import { CommandContext } from '../../../shared/application/command-context';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { EventStore } from '../../../shared/application/event-store.port';
import { tenantDecider } from '../../tenancy/domain/tenant.decider';
import { tenantStream } from '../../tenancy/domain/tenant.events';
import { emailReservationStream } from '../domain/email';
import { emailReservationDecider } from '../domain/email-reservation.decider';
import { microsoftIdentityDecider, microsoftIdentityStream } from '../domain/microsoft-identity.decider';
import { userDecider, userStream } from '../domain/user.decider';
import { AccountRegistration, RegistrationStep } from './account-registration.service';
import { PasswordHasher } from './password-hasher';

const context: CommandContext = { actor: { type: 'system' }, correlationId: 'spec' };
const PASSWORD = 'Correct-Horse-9';
const account = (email: string) => ({ email, firstName: 'Ann', lastName: 'Lee', password: PASSWORD });

/**
 * A crash after a step, as the event store sees it: what was appended before stays, and nothing
 * more can be appended (not even the undo) until the "restart" (`revive`).
 */
class Crash extends Error {}
let crashed = false;
const crashAfter = (wanted: RegistrationStep) => (step: RegistrationStep) => {
  if (step === wanted) crashed = true;
};
const revive = () => {
  crashed = false;
};
function crashable(store: EventStore): EventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'appendToStream') {
        return (...args: Parameters<EventStore['appendToStream']>) =>
          crashed ? Promise.reject(new Crash('the process is dead')) : target.appendToStream(...args);
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('AccountRegistration (R18)', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose']));
  let store: EventStore;
  let repository: EventSourcedRepository;
  let registration: AccountRegistration;
  const hasher = { hash: async (password: string) => `hashed:${password}` } as unknown as PasswordHasher;

  beforeEach(async () => {
    crashed = false;
    store = crashable(new SqliteEventStore(':memory:', { pollIntervalMs: 10 }));
    repository = new EventSourcedRepository(store, systemClock);
    registration = new AccountRegistration(repository, hasher, store);
    await repository.execute(tenantStream('t1'), tenantDecider, { type: 'CreateTenant', tenantId: 't1', mspId: 'm1', name: 'T1' }, context);
  });
  afterEach(async () => {
    await store.close();
  });

  const reservationOf = async (email: string) => (await repository.load(emailReservationStream(email), emailReservationDecider)).state;
  const userOf = async (userId: string) => (await repository.load(userStream(userId), userDecider)).state;
  const addMember = () => async (newUserId: string) =>
    (await repository.execute(tenantStream('t1'), tenantDecider, { type: 'AddMember', userId: newUserId, roleId: 'member' }, context))
      .position;

  it('records the purpose with the reservation and completes the registration at the end', async () => {
    const { userId } = await registration.register(account('ann@acme.example'), context, addMember(), {
      purpose: { kind: 'invite_link', tenantId: 't1' },
    });
    expect(await reservationOf('ann@acme.example')).toEqual({
      reservedBy: userId,
      purpose: { kind: 'invite_link', tenantId: 't1' },
      completed: true,
    });
    expect(await registration.recover(emailReservationStream('ann@acme.example'), userId, context)).toBe('not_open');
  });

  it('undoes the account when a later step fails, and the email can be used again', async () => {
    const failing = async () => {
      throw new Error('membership refused');
    };
    await expect(registration.register(account('bob@acme.example'), context, failing)).rejects.toThrow('membership refused');
    expect((await reservationOf('bob@acme.example')).reservedBy).toBeNull();
    await expect(registration.register(account('bob@acme.example'), context)).resolves.toEqual(expect.objectContaining({ userId: expect.any(String) }));
  });

  it.each<[RegistrationStep, 'completed' | 'undone']>([
    ['reserved', 'undone'],
    ['registered', 'undone'],
    ['membership', 'completed'],
  ])('an "Add Users" registration interrupted after %s is %s, without knowing the tenant', async (step, outcome) => {
    const email = `carol-${step}@acme.example`;
    const userId = `u-${step}`;
    await expect(
      registration.register(account(email), context, addMember(), { userId, onProgress: crashAfter(step) }),
    ).rejects.toBeInstanceOf(Crash);
    revive();
    // A crash does not run the undo: the registration stays open.
    expect((await reservationOf(email)).completed).toBe(false);

    expect(await registration.recover(emailReservationStream(email), userId, context)).toBe(outcome);
    const reservation = await reservationOf(email);
    const user = await userOf(userId);
    if (outcome === 'completed') {
      expect(reservation).toEqual(expect.objectContaining({ reservedBy: userId, completed: true }));
      expect(user).toEqual(expect.objectContaining({ exists: true, closed: false }));
    } else {
      expect(reservation.reservedBy).toBeNull();
      expect(user.exists ? user.closed : true).toBe(true);
    }
    // Running it again changes nothing.
    expect(await registration.recover(emailReservationStream(email), userId, context)).toBe('not_open');
  });

  it('completes an MSP admin registration once the user exists', async () => {
    const email = 'dora@acme.example';
    await expect(
      registration.register({ ...account(email), msp: { mspId: 'm1', permissions: ['manage_user_roles'] } }, context, undefined, {
        userId: 'u-admin',
        onProgress: crashAfter('registered'),
      }),
    ).rejects.toBeInstanceOf(Crash);
    revive();
    expect((await reservationOf(email)).purpose).toEqual({ kind: 'msp_admin', mspId: 'm1' });
    expect(await registration.recover(emailReservationStream(email), 'u-admin', context)).toBe('completed');
  });

  it('finds the membership in the named tenant for an invite-link registration', async () => {
    const email = 'eve@acme.example';
    await expect(
      registration.register(account(email), context, addMember(), {
        userId: 'u-eve',
        purpose: { kind: 'invite_link', tenantId: 't1' },
        onProgress: crashAfter('membership'),
      }),
    ).rejects.toBeInstanceOf(Crash);
    revive();
    expect(await registration.recover(emailReservationStream(email), 'u-eve', context)).toBe('completed');
  });

  describe('with a Microsoft identity (no password)', () => {
    const identity = microsoftIdentityStream('tid-1', 'oid-1');
    const identityOf = async () => (await repository.load(identity, microsoftIdentityDecider)).state;
    const msAccount = (email: string) => ({ email, firstName: 'Mo', lastName: 'Soft' });

    it('reserves the identity, records it in the purpose and registers a Microsoft user without a hash', async () => {
      const { userId } = await registration.register(msAccount('mo@acme.example'), context, addMember(), {
        purpose: { kind: 'invite_link', tenantId: 't1' },
        identityReservation: identity,
      });
      expect(await identityOf()).toEqual({ reservedBy: userId });
      expect((await reservationOf('mo@acme.example')).purpose).toEqual({
        kind: 'invite_link',
        tenantId: 't1',
        identityReservation: identity,
      });
      expect(await userOf(userId)).toEqual(expect.objectContaining({ signInMethod: 'microsoft', passwordHash: null }));
      // The same identity cannot register again, whatever the email.
      await expect(
        registration.register(msAccount('other@acme.example'), context, addMember(), {
          purpose: { kind: 'invite_link', tenantId: 't1' },
          identityReservation: identity,
        }),
      ).rejects.toThrow('User already registered');
      expect((await reservationOf('other@acme.example')).reservedBy).toBeNull();
    });

    it('releases the identity and the email when the membership fails', async () => {
      const failing = async () => {
        throw new Error('link disabled');
      };
      await expect(
        registration.register(msAccount('fail@acme.example'), context, failing, {
          purpose: { kind: 'invite_link', tenantId: 't1' },
          identityReservation: identity,
        }),
      ).rejects.toThrow('link disabled');
      expect(await identityOf()).toEqual({ reservedBy: null });
      expect((await reservationOf('fail@acme.example')).reservedBy).toBeNull();
    });

    it.each<RegistrationStep>(['reserved', 'registered'])('recovery releases the identity after a crash after %s', async (step) => {
      await expect(
        registration.register(msAccount(`crash-${step}@acme.example`), context, addMember(), {
          userId: `u-ms-${step}`,
          purpose: { kind: 'invite_link', tenantId: 't1' },
          identityReservation: identity,
          onProgress: crashAfter(step),
        }),
      ).rejects.toBeInstanceOf(Crash);
      revive();
      expect(await registration.recover(emailReservationStream(`crash-${step}@acme.example`), `u-ms-${step}`, context)).toBe('undone');
      expect(await identityOf()).toEqual({ reservedBy: null });
    });

    it('refuses an account with neither a password nor an identity', async () => {
      await expect(registration.register(msAccount('none@acme.example'), context)).rejects.toThrow('password: required');
    });
  });
});
