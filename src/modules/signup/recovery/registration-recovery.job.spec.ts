import { DEFAULT_RECOVERY_SETTINGS, recoverySettingsFromEnv } from './registration-recovery.job';

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
