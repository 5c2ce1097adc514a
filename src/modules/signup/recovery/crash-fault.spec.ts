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
});
