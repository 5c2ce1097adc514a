import { openedByEndedRun, recoveryTiming } from './registration-recovery.policy';

const GRACE = 5 * 60_000;
const now = new Date('2026-03-01T12:00:00.000Z');
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
const self = { instanceId: 'host-a:3000', runId: 'run-2' };

describe('when an open registration may be finished or undone (R18)', () => {
  it('at once when an earlier run of this instance opened it: that run has ended', () => {
    expect(recoveryTiming({ startedAt: secondsAgo(1), openedBy: { instanceId: 'host-a:3000', runId: 'run-1' } }, self, now, GRACE)).toEqual({
      due: true,
      reason: 'opening_run_ended',
    });
  });

  it('not before the grace period when another instance opened it: it may be alive and in the middle of it', () => {
    const registration = { startedAt: secondsAgo(299), openedBy: { instanceId: 'host-b:3000', runId: 'run-1' } };
    expect(recoveryTiming(registration, self, now, GRACE)).toEqual({ due: false });
    expect(recoveryTiming({ ...registration, startedAt: secondsAgo(301) }, self, now, GRACE)).toEqual({
      due: true,
      reason: 'grace_period_over',
    });
  });

  it('not before the grace period when this very run opened it: it may still be running here', () => {
    expect(recoveryTiming({ startedAt: secondsAgo(10), openedBy: self }, self, now, GRACE)).toEqual({ due: false });
  });

  it('not before the grace period when the opener is unknown (older events) or this run holds no exclusive identity', () => {
    expect(recoveryTiming({ startedAt: secondsAgo(10) }, self, now, GRACE)).toEqual({ due: false });
    expect(recoveryTiming({ startedAt: secondsAgo(10), openedBy: { instanceId: 'host-a:3000', runId: 'run-1' } }, undefined, now, GRACE)).toEqual({
      due: false,
    });
    expect(recoveryTiming({ startedAt: secondsAgo(400) }, undefined, now, GRACE)).toEqual({ due: true, reason: 'grace_period_over' });
  });

  it('the grace period counts from the reservation, strictly', () => {
    expect(recoveryTiming({ startedAt: secondsAgo(300) }, self, now, GRACE)).toEqual({ due: false });
    expect(recoveryTiming({ startedAt: secondsAgo(0) }, self, now, 0)).toEqual({ due: false });
    expect(recoveryTiming({ startedAt: secondsAgo(0.001) }, self, now, 0)).toEqual({ due: true, reason: 'grace_period_over' });
  });

  it('an instance id is compared exactly, not by prefix', () => {
    expect(openedByEndedRun({ instanceId: 'host-a:3000#2', runId: 'run-1' }, self)).toBe(false);
    expect(openedByEndedRun({ instanceId: 'host-a:3000', runId: 'run-1' }, self)).toBe(true);
    expect(openedByEndedRun(undefined, self)).toBe(false);
  });
});
