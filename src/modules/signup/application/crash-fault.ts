import { ConfigError } from '../../../config/app-config';
import type { RegistrationStep } from '../../accounts/application/account-registration.service';

/**
 * Fault injection for the crash tests (test/process/signup-crash*.test.ts) and nothing else:
 * with `FAULT_CRASH_AT=after-reserve|after-user|after-membership`, the process kills itself
 * with SIGKILL right after that step of a self-signup has been appended, so that the tests can
 * check that the recovery job repairs what a real crash would leave behind. With
 * `FAULT_CRASH_SIGNAL=SIGSTOP` it freezes there instead: a live instance in the middle of a
 * registration, which the other instances must leave alone until it goes on (SIGCONT).
 * Ignored when NODE_ENV=production.
 */
const FAULT_POINTS: Readonly<Record<string, RegistrationStep>> = {
  'after-reserve': 'reserved',
  'after-user': 'registered',
  'after-membership': 'membership',
};

export function crashFaultFromEnv(env: Record<string, string | undefined> = process.env) {
  const point = env.FAULT_CRASH_AT?.trim();
  if (env.NODE_ENV === 'production' || !point) return undefined;
  const step = FAULT_POINTS[point];
  if (!step) throw new ConfigError('FAULT_CRASH_AT', `must be one of ${Object.keys(FAULT_POINTS).join(', ')}`);
  const signal = env.FAULT_CRASH_SIGNAL?.trim() || 'SIGKILL';
  if (signal !== 'SIGKILL' && signal !== 'SIGSTOP') throw new ConfigError('FAULT_CRASH_SIGNAL', 'must be SIGKILL or SIGSTOP');
  return (reached: RegistrationStep): void => {
    if (reached === step) process.kill(process.pid, signal);
  };
}
