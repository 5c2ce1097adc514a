import { Logger } from '@nestjs/common';
import { SqliteEventStore } from '../../../infrastructure/event-store/sqlite/sqlite-event-store';
import { systemClock } from '../../../shared/application/clock';
import { CommandContext } from '../../../shared/application/command-context';
import { EventSourcedRepository } from '../../../shared/application/event-sourced-repository';
import { EventStore } from '../../../shared/application/event-store.port';
import { tenantDecider } from '../../tenancy/domain/tenant.decider';
import { tenantStream } from '../../tenancy/domain/tenant.events';
import { emailReservationStream } from '../../../shared/domain/email';
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
    await repository.decideAndAppend(tenantStream('t1'), tenantDecider, { type: 'CreateTenant', tenantId: 't1', mspId: 'm1', name: 'T1' }, context);
  });
  afterEach(async () => {
    await store.close();
  });

  const reservationOf = async (email: string) => (await repository.load(emailReservationStream(email), emailReservationDecider)).state;
  const userOf = async (userId: string) => (await repository.load(userStream(userId), userDecider)).state;
  const addMember = () => async (newUserId: string) =>
    (await repository.decideAndAppend(tenantStream('t1'), tenantDecider, { type: 'AddMember', userId: newUserId, roleId: 'member' }, context))
      .position;

  it('records the purpose with the reservation and completes the registration at the end', async () => {
    const { userId } = await registration.register(account('ann@acme.example'), context, addMember(), {
      purpose: { kind: 'invite_link', tenantId: 't1' },
    });
    expect(await reservationOf('ann@acme.example')).toEqual({
      reservedBy: userId,
      purpose: { kind: 'invite_link', tenantId: 't1' },
      completed: true,
      verification: null,
    });
    expect(await registration.recover(emailReservationStream('ann@acme.example'), userId, context)).toBe('not_open');
  });

  describe('waiting for an email confirmation', () => {
    let now = new Date('2026-05-11T09:00:00.000Z');
    const clock = { now: () => now };
    const verifying = () => new AccountRegistration(repository, hasher, store, undefined, clock);
    const awaitVerification = {
      tenantId: 't1',
      tokenHash: 'token-hash',
      codeHash: 'code-hash',
      codeSeed: 'seed',
      expiresAt: '2026-05-11T10:00:00.000Z',
    };
    beforeEach(() => {
      now = new Date('2026-05-11T09:00:00.000Z');
    });

    it('stays open holding the email, without running the last step; recovery leaves it alone until it expires', async () => {
      const complete = jest.fn();
      const { userId } = await verifying().register(account('vera@acme.example'), context, complete, {
        purpose: { kind: 'invite_link', tenantId: 't1' },
        awaitVerification,
      });
      expect(complete).not.toHaveBeenCalled();
      const reservation = await reservationOf('vera@acme.example');
      expect(reservation).toMatchObject({ reservedBy: userId, completed: false, verification: { userId, verified: false } });
      const stream = emailReservationStream('vera@acme.example');
      now = new Date('2026-05-11T09:59:59.999Z');
      expect(await verifying().recover(stream, userId, context)).toBe('awaiting_verification');
      expect(await verifying().releaseIfStale(stream)).toBe(false);
      expect((await userOf(userId)).closed).toBe(false);

      now = new Date('2026-05-11T10:00:00.000Z');
      expect(await verifying().recover(stream, userId, context)).toBe('expired');
      expect((await userOf(userId)).closed).toBe(true);
      expect((await reservationOf('vera@acme.example')).reservedBy).toBeNull();
      expect((await store.readStream(stream)).map((event) => event.type)).toEqual([
        'EmailReserved',
        'EmailVerificationRequested',
        'EmailVerificationExpired',
        'EmailReleased',
      ]);
    });

    it('a run that died between the expiry and the undo: recovery finishes the undo with the same reason', async () => {
      const { userId } = await verifying().register(account('val@acme.example'), context, undefined, {
        purpose: { kind: 'invite_link', tenantId: 't1' },
        awaitVerification,
      });
      const stream = emailReservationStream('val@acme.example');
      now = new Date('2026-05-11T10:30:00.000Z');
      await repository.decideAndAppend(stream, emailReservationDecider, { type: 'ExpireEmailVerification', userId, now: now.toISOString() }, context);
      expect(await verifying().recover(stream, userId, context)).toBe('expired');
      const reasons = [...(await store.readStream(userStream(userId))), ...(await store.readStream(stream))]
        .filter((event) => event.type === 'AccountClosed' || event.type === 'EmailReleased')
        .map((event) => `${event.type}:${String(event.data.reason)}`);
      expect(reasons).toEqual(['AccountClosed:verification_expired', 'EmailReleased:verification_expired']);
    });

    it('an expired one is released when someone signs up with the email, before any recovery pass', async () => {
      const { userId } = await verifying().register(account('vic@acme.example'), context, undefined, {
        purpose: { kind: 'invite_link', tenantId: 't1' },
        awaitVerification,
      });
      now = new Date('2026-05-11T11:00:00.000Z');
      const again = await verifying().register(account('vic@acme.example'), context, addMember(), {
        purpose: { kind: 'invite_link', tenantId: 't1' },
      });
      expect(again.userId).not.toBe(userId);
      expect((await reservationOf('vic@acme.example')).reservedBy).toBe(again.userId);
      expect((await userOf(userId)).closed).toBe(true);
    });
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

  describe('after a crash, in the next run of the same instance', () => {
    const instanceA = (runId: string) => ({ instanceId: 'host-a:3000', runId });
    const runOf = (run: { instanceId: string; runId: string }) => new AccountRegistration(repository, hasher, store, { serviceRun: run });
    const interrupted = async (email: string, step: RegistrationStep, openedBy = instanceA('run-1')) => {
      await expect(
        runOf(openedBy).register(account(email), context, addMember(), { userId: `u-${email}`, onProgress: crashAfter(step) }),
      ).rejects.toBeInstanceOf(Crash);
      revive();
    };

    it('records the run that opened the registration, and nothing without one', async () => {
      await runOf(instanceA('run-1')).register(account('rec@acme.example'), context, addMember());
      expect((await reservationOf('rec@acme.example')).openedBy).toEqual(instanceA('run-1'));
      await registration.register(account('norun@acme.example'), context, addMember());
      const [reserved] = await store.readStream(emailReservationStream('norun@acme.example'));
      expect(reserved.data).not.toHaveProperty('openedBy');
    });

    it.each<RegistrationStep>(['reserved', 'registered'])(
      'the same email signs up at once after a crash after %s: the interrupted registration is undone first',
      async (step) => {
        const email = `again-${step}@acme.example`;
        await interrupted(email, step);
        const { userId } = await runOf(instanceA('run-2')).register(account(email), context, addMember());
        expect(await reservationOf(email)).toEqual(expect.objectContaining({ reservedBy: userId, completed: true, openedBy: instanceA('run-2') }));
        // The interrupted account is closed, never half usable.
        const abandoned = await userOf(`u-${email}`);
        expect(abandoned.exists ? abandoned.closed : true).toBe(true);
      },
    );

    it('an interrupted registration whose membership was appended is completed, and the email stays taken by that whole account', async () => {
      const email = 'whole@acme.example';
      await interrupted(email, 'membership');
      await expect(runOf(instanceA('run-2')).register(account(email), context, addMember())).rejects.toThrow('User already registered');
      expect(await reservationOf(email)).toEqual(expect.objectContaining({ reservedBy: `u-${email}`, completed: true }));
      expect(await userOf(`u-${email}`)).toEqual(expect.objectContaining({ exists: true, closed: false }));
    });

    it('leaves alone a registration of another instance (it may be alive) or of this very run (it may still be running)', async () => {
      await interrupted('other@acme.example', 'registered', { instanceId: 'host-b:3000', runId: 'run-1' });
      await expect(runOf(instanceA('run-2')).register(account('other@acme.example'), context)).rejects.toThrow('User already registered');
      expect(await registration.releaseIfOpenedByEndedRun(emailReservationStream('other@acme.example'))).toBe(false);

      await interrupted('same@acme.example', 'registered', instanceA('run-2'));
      await expect(runOf(instanceA('run-2')).register(account('same@acme.example'), context)).rejects.toThrow('User already registered');
      for (const email of ['other@acme.example', 'same@acme.example']) {
        expect(await reservationOf(email)).toEqual(expect.objectContaining({ reservedBy: `u-${email}`, completed: false }));
      }
    });

    it('a process without an exclusive identity decides nothing early', async () => {
      await interrupted('anon@acme.example', 'reserved');
      await expect(registration.register(account('anon@acme.example'), context)).rejects.toThrow('User already registered');
      expect((await reservationOf('anon@acme.example')).completed).toBe(false);
    });

    it('20 parallel retries of the same email after a crash make exactly one account (R11, R18)', async () => {
      const email = 'race@acme.example';
      await interrupted(email, 'registered');
      const next = runOf(instanceA('run-2'));
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => next.register(account(email), context, addMember())));
      const winners = results.filter((result) => result.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      expect(results.filter((result) => result.status === 'rejected').map((result) => String(result.reason))).toEqual(
        Array.from({ length: 19 }, () => expect.stringContaining('User already registered')),
      );
      const reserved = (await store.readStream(emailReservationStream(email))).filter((event) => event.type === 'EmailReserved');
      // The interrupted one and the winner; every loser was refused before writing anything.
      expect(reserved.map((event) => event.data.userId)).toEqual([`u-${email}`, (winners[0] as PromiseFulfilledResult<{ userId: string }>).value.userId]);
      const members = (await store.readStream(tenantStream('t1'))).filter((event) => event.type === 'TenantMemberAdded');
      expect(members.map((event) => event.data.userId)).toEqual([(winners[0] as PromiseFulfilledResult<{ userId: string }>).value.userId]);
    });
  });
});
