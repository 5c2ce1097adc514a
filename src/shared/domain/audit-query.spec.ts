import { AUDIT_PAGE_LIMIT, parseInstant, parseLimit, splitTypeList } from './audit-query';

describe('parseInstant (from and to of every audit read)', () => {
  it.each<[string, number]>([
    ['2026-03-01', Date.UTC(2026, 2, 1)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2000-02-29T00:00Z', Date.UTC(2000, 1, 29)],
    ['2026-03-01T10:00Z', Date.UTC(2026, 2, 1, 10)],
    ['2026-03-01T10:00:00Z', Date.UTC(2026, 2, 1, 10)],
    ['2026-03-01t10:00:00z', Date.UTC(2026, 2, 1, 10)],
    ['2026-03-01T10:00:00.1239Z', Date.UTC(2026, 2, 1, 10, 0, 0, 123)],
    ['2026-03-01T10:00:00.0019Z', Date.UTC(2026, 2, 1, 10, 0, 0, 1)],
    ['2026-03-01T10:00:00.5Z', Date.UTC(2026, 2, 1, 10, 0, 0, 500)],
    ['2026-03-01T10:00:00.123456789Z', Date.UTC(2026, 2, 1, 10, 0, 0, 123)],
    ['2026-03-01T10:00+02:00', Date.UTC(2026, 2, 1, 8)],
    ['2026-03-01T10:00+0200', Date.UTC(2026, 2, 1, 8)],
    ['2026-03-01T01:30:00-05:30', Date.UTC(2026, 2, 1, 7)],
    ['2026-01-01T00:00:00+23:59', Date.UTC(2025, 11, 31, 0, 1)],
    ['2026-12-31T23:59:59.999Z', Date.UTC(2026, 11, 31, 23, 59, 59, 999)],
    ['0050-06-15T00:00:00Z', Date.parse('0050-06-15T00:00:00Z')],
  ])('reads %j at millisecond precision', (text, millis) => {
    expect(parseInstant(text)).toBe(millis);
  });

  it('agrees with Date.parse wherever both read the text', () => {
    for (const text of ['2026-03-01', '2026-03-01T10:00:00.001+02:00', '1999-12-31T23:59:59-12:00', '2026-07-04T04:05:06.789Z']) {
      expect([text, parseInstant(text)]).toEqual([text, Date.parse(text)]);
    }
  });

  it.each([
    ['a date that does not exist', ['2026-02-30', '2025-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00']],
    ['a time that does not exist', ['2026-03-01T24:00:00Z', '2026-03-01T10:60Z', '2026-03-01T10:00:60Z', '2026-03-01T10:00+24:00', '2026-03-01T10:00+02:60']],
    ['a time without a zone', ['2026-03-01T10:00', '2026-03-01T10:00:00', '2026-03-01T10:00:00.000']],
    ['other shapes', ['yesterday', '1709280000', '2026-3-1', '20260301', ' 2026-03-01', '2026-03-01 ', '2026-03-01 10:00Z', '2026-03-01T10Z', '+002026-03-01', '']],
    ['more than nine fraction digits', ['2026-03-01T10:00:00.1234567890Z']],
  ])('refuses %s', (_, texts) => {
    for (const text of texts) expect([text, parseInstant(text)]).toEqual([text, undefined]);
  });
});

describe('splitTypeList', () => {
  it('splits at commas and drops the spaces around each entry, keeping empty entries for the caller to refuse', () => {
    expect(splitTypeList('TenantCreated,TenantCanceled')).toEqual(['TenantCreated', 'TenantCanceled']);
    expect(splitTypeList(' TenantCreated , TenantCanceled ')).toEqual(['TenantCreated', 'TenantCanceled']);
    expect(splitTypeList('A,,B')).toEqual(['A', '', 'B']);
    expect(splitTypeList('A,')).toEqual(['A', '']);
    expect(splitTypeList('')).toEqual(['']);
  });
});

describe('parseLimit', () => {
  it('reads 1 to 1000 written with digits only', () => {
    expect(AUDIT_PAGE_LIMIT).toEqual({ min: 1, max: 1000, default: 100 });
    for (const [text, limit] of [['1', 1], ['100', 100], ['1000', 1000], ['0005', 5]] as const) expect(parseLimit(text)).toBe(limit);
  });

  it('refuses anything else', () => {
    for (const text of ['0', '1001', '-1', '1.5', '5.0', '1e2', ' 5', '5 ', '+5', 'ten', '', '0x10', '10000']) {
      expect([text, parseLimit(text)]).toEqual([text, undefined]);
    }
  });
});
