import { crashFaultFromEnv } from './crash-fault';

describe('crash fault injection (crash tests only)', () => {
  it('is off unless FAULT_CRASH_AT is set, and always off in production', () => {
    expect(crashFaultFromEnv({})).toBeUndefined();
    expect(crashFaultFromEnv({ FAULT_CRASH_AT: 'after-user', NODE_ENV: 'production' })).toBeUndefined();
  });

  it('refuses an unknown fault point', () => {
    expect(() => crashFaultFromEnv({ FAULT_CRASH_AT: 'somewhere' })).toThrow(/FAULT_CRASH_AT/);
  });

  it('kills the process with SIGKILL at its step only', () => {
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    try {
      const hook = crashFaultFromEnv({ FAULT_CRASH_AT: 'after-user' })!;
      hook('reserved');
      expect(kill).not.toHaveBeenCalled();
      hook('registered');
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGKILL');
    } finally {
      kill.mockRestore();
    }
  });

  it('freezes the process instead with FAULT_CRASH_SIGNAL=SIGSTOP, and refuses other signals', () => {
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    try {
      crashFaultFromEnv({ FAULT_CRASH_AT: 'after-reserve', FAULT_CRASH_SIGNAL: 'SIGSTOP' })!('reserved');
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGSTOP');
    } finally {
      kill.mockRestore();
    }
    expect(() => crashFaultFromEnv({ FAULT_CRASH_AT: 'after-reserve', FAULT_CRASH_SIGNAL: 'SIGTERM' })).toThrow(/FAULT_CRASH_SIGNAL/);
  });
});
