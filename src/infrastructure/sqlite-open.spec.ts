import { isBusy, retryWhileBusy } from './sqlite-open';

const sqliteError = (code: string) => Object.assign(new Error(code), { code });

describe('retryWhileBusy (opening a SQLite file that other processes open too)', () => {
  it('repeats the step while it fails with SQLITE_BUSY, then returns its result', () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = retryWhileBusy(
      () => {
        calls += 1;
        if (calls < 4) throw sqliteError(calls === 2 ? 'SQLITE_BUSY_RECOVERY' : 'SQLITE_BUSY');
        return 'switched';
      },
      5000,
      (ms) => sleeps.push(ms),
    );
    expect(result).toBe('switched');
    expect(calls).toBe(4);
    // Exponential backoff with jitter: each pause within [delay/2, 1.5 × delay) for 2, 4, 8 ms.
    expect(sleeps).toHaveLength(3);
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(2 ** (i + 1) / 2);
      expect(ms).toBeLessThan(1.5 * 2 ** (i + 1));
    });
  });

  it('fails at once on any other error', () => {
    let calls = 0;
    expect(() =>
      retryWhileBusy(
        () => {
          calls += 1;
          throw sqliteError('SQLITE_CORRUPT');
        },
        5000,
        () => undefined,
      ),
    ).toThrow('SQLITE_CORRUPT');
    expect(calls).toBe(1);
  });

  it('gives up with the last SQLITE_BUSY once the time is spent', () => {
    const startedAt = Date.now();
    expect(() =>
      retryWhileBusy(() => {
        throw sqliteError('SQLITE_BUSY');
      }, 60),
    ).toThrow('SQLITE_BUSY');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(55);
    expect(Date.now() - startedAt).toBeLessThan(1000);
  });

  it('recognises SQLITE_BUSY and its extended codes only', () => {
    expect(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT'].map((code) => isBusy(sqliteError(code)))).toEqual([true, true, true]);
    expect([sqliteError('SQLITE_LOCKED'), new Error('busy'), null, undefined].map(isBusy)).toEqual([false, false, false, false]);
  });
});
