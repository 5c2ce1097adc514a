import { Logger } from '@nestjs/common';
import { EventStore } from '../../../shared/application/event-store.port';
import { OpenRegistration, ReadModels } from '../../../shared/application/read-models.port';
import { AccountRegistration } from '../../accounts/application/account-registration.service';
import { DEFAULT_RECOVERY_SETTINGS, recoverySettingsFromEnv, RegistrationRecovery } from './registration-recovery.job';

describe('registration recovery settings', () => {
  it('defaults to a 5-minute grace period and a 30-second interval', () => {
    expect(recoverySettingsFromEnv({})).toEqual(DEFAULT_RECOVERY_SETTINGS);
    expect(DEFAULT_RECOVERY_SETTINGS).toMatchObject({ graceMs: 300_000, intervalMs: 30_000 });
  });

  it('reads both from the environment, and refuses what is not a number', () => {
    expect(recoverySettingsFromEnv({ REGISTRATION_RECOVERY_GRACE_MS: '0', REGISTRATION_RECOVERY_INTERVAL_MS: '250' })).toMatchObject({
      graceMs: 0,
      intervalMs: 250,
    });
    expect(() => recoverySettingsFromEnv({ REGISTRATION_RECOVERY_GRACE_MS: 'soon' })).toThrow(/REGISTRATION_RECOVERY_GRACE_MS/);
  });
});

describe('registration recovery: which open registrations a pass decides', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose']));

  const now = new Date('2026-03-01T12:00:00.000Z');
  const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
  const self = { instanceId: 'host-a:3000', runId: 'run-2' };
  const open = (userId: string, startedAt: string, openedBy?: { instanceId: string; runId: string }): OpenRegistration => ({
    userId,
    reservationStream: `emailReservation-${userId}`,
    purpose: 'invite_link',
    startedAt,
    ...(openedBy ? { openedBy } : {}),
  });
  const registrations = [
    open('earlier-run', secondsAgo(5), { instanceId: 'host-a:3000', runId: 'run-1' }),
    open('this-run', secondsAgo(4), self),
    open('other-instance', secondsAgo(3), { instanceId: 'host-b:3000', runId: 'run-9' }),
    open('unknown-opener', secondsAgo(2)),
    open('other-instance-old', secondsAgo(600), { instanceId: 'host-b:3000', runId: 'run-9' }),
  ];

  /** A pass over `registrations` (as the read model lists them) by a job of `run`. */
  async function pass(run: typeof self | undefined) {
    const decided: string[] = [];
    const ofInstance = jest.fn(async (instanceId: string) =>
      registrations.filter((r) => r.openedBy?.instanceId === instanceId).sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
    );
    const readModels = {
      openRegistrations: async (startedBefore: string) =>
        registrations.filter((r) => r.startedAt < startedBefore).sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
      openRegistrationsOfInstance: ofInstance,
      overdueVerifications: async () => [],
    } as unknown as ReadModels;
    const registration = {
      recover: async (_stream: string, userId: string) => {
        decided.push(userId);
        return 'undone';
      },
    } as unknown as AccountRegistration;
    const job = new RegistrationRecovery(
      registration,
      readModels,
      {} as EventStore,
      { now: () => now },
      { ...DEFAULT_RECOVERY_SETTINGS },
      run ? { serviceRun: run } : undefined,
    );
    const result = await job.runOnce();
    return { decided, result, ofInstance };
  }

  it('decides at once what an earlier run of this instance opened, and the rest only after the grace period', async () => {
    const { decided, result } = await pass(self);
    expect(decided).toEqual(['other-instance-old', 'earlier-run']);
    expect(result).toEqual({ completed: 0, undone: 2, expired: 0, failed: 0 });
  });

  it('without an exclusive identity, keeps the grace period for everything', async () => {
    const { decided, ofInstance } = await pass(undefined);
    expect(decided).toEqual(['other-instance-old']);
    expect(ofInstance).not.toHaveBeenCalled();
  });
});
