import { listChange, parseEntryList } from './entry-list';

const lowerCase = (entry: string): string | null => (/^[a-z]+$/i.test(entry) ? entry.toLowerCase() : null);

describe('parseEntryList', () => {
  it('keeps the entries in the order given, each duplicate merged into its first occurrence', () => {
    expect(parseEntryList('Gamma, alpha, GAMMA, beta, Alpha', /,/, lowerCase, 10)).toEqual({ ok: true, values: ['gamma', 'alpha', 'beta'] });
  });

  it('counts after merging, against the maximum', () => {
    expect(parseEntryList(['a', 'b', 'A'], /,/, lowerCase, 2)).toEqual({ ok: true, values: ['a', 'b'] });
    expect(parseEntryList(['a', 'b', 'c'], /,/, lowerCase, 2)).toEqual({ ok: false, invalid: [], tooMany: true, count: 3 });
  });
});

describe('listChange', () => {
  it('is null when the list is the same, entry for entry', () => {
    expect(listChange([], [])).toBeNull();
    expect(listChange(['b', 'a'], ['b', 'a'])).toBeNull();
  });

  it('names what was added and removed, in the order of each list', () => {
    expect(listChange(['a', 'b', 'c'], ['d', 'c', 'e'])).toEqual({ added: ['d', 'e'], removed: ['a', 'b'] });
  });

  it('treats a new order of the same entries as a change with nothing added or removed', () => {
    expect(listChange(['a', 'b'], ['b', 'a'])).toEqual({ added: [], removed: [] });
  });
});
