import { parseDays } from './get-invite-link-stats.dto';

describe('parseDays', () => {
  it('reads 1 to 366 written with digits only', () => {
    expect(['1', '7', '30', '366', '007'].map(parseDays)).toEqual([1, 7, 30, 366, 7]);
  });

  it('refuses anything else, the parameter given twice included', () => {
    for (const bad of ['0', '367', '1000', '1e2', '5.0', ' 5', '5 ', '-1', '+5', '', 'x', '0x10', ['5', '6'], undefined, 5]) {
      expect([bad, parseDays(bad)]).toEqual([bad, undefined]);
    }
  });
});
