import { isEmailDomainAllowed, MAX_ALLOWED_DOMAINS, parseAllowedDomains } from './allowed-domains';
import { emailDomain, normalizeDomain } from '../../../shared/domain/domain-name';

describe('normalizeDomain', () => {
  it.each<[string, string]>([
    ['acme.com', 'acme.com'],
    ['ACME.Com', 'acme.com'],
    ['  acme.com  ', 'acme.com'],
    ['@acme.com', 'acme.com'],
    ['acme.com.', 'acme.com'],
    ['eu.sub.acme.co.uk', 'eu.sub.acme.co.uk'],
    ['my-company.io', 'my-company.io'],
    ['123.example.com', '123.example.com'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['BÜCHER.DE', 'xn--bcher-kva.de'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
  ])('%j → %j', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it.each([
    '',
    '@',
    'localhost',
    '@localhost',
    'com',
    '.com',
    'acme..com',
    '-acme.com',
    'acme-.com',
    'ac_me.com',
    '*.acme.com',
    'acme com.io',
    'http://acme.com',
    'acme.com/path',
    'acme.com:443',
    'ann@acme.com',
    '@@acme.com',
    'acme.com?x',
    'acme.com#x',
    '1.2.3.4',
    '[::1]',
    'xn--zz.com',
    `${'a'.repeat(64)}.com`,
    `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`,
  ])('rejects %j', (input) => {
    expect(normalizeDomain(input)).toBeNull();
  });
});

describe('parseAllowedDomains (R3)', () => {
  it('splits one string on commas and/or newlines', () => {
    expect(parseAllowedDomains('a.com,b.com\nc.com\r\nd.com,\n,e.com')).toEqual({
      ok: true,
      domains: ['a.com', 'b.com', 'c.com', 'd.com', 'e.com'],
    });
  });

  it('takes a JSON array entry by entry', () => {
    expect(parseAllowedDomains([' B.com ', '@a.com'])).toEqual({ ok: true, domains: ['b.com', 'a.com'] });
  });

  it('merges duplicates after normalization, each where it first appears', () => {
    expect(parseAllowedDomains('b.com, B.COM, @b.com, a.com, bücher.de, xn--bcher-kva.de')).toEqual({
      ok: true,
      domains: ['b.com', 'a.com', 'xn--bcher-kva.de'],
    });
  });

  it("keeps the admin's order, never sorting", () => {
    expect(parseAllowedDomains('zeta.example\nacme.com\nmid.example')).toEqual({
      ok: true,
      domains: ['zeta.example', 'acme.com', 'mid.example'],
    });
    expect(parseAllowedDomains(['c.com', 'a.com', 'C.com', 'b.com'])).toEqual({ ok: true, domains: ['c.com', 'a.com', 'b.com'] });
  });

  it('treats blank input as "any domain"', () => {
    expect(parseAllowedDomains('')).toEqual({ ok: true, domains: [] });
    expect(parseAllowedDomains(' \n , ')).toEqual({ ok: true, domains: [] });
    expect(parseAllowedDomains([])).toEqual({ ok: true, domains: [] });
    expect(parseAllowedDomains(['', '  '])).toEqual({ ok: true, domains: [] });
  });

  it('names every invalid entry, trimmed, in input order', () => {
    expect(parseAllowedDomains(' ok.com, localhost ,\n bad_one.com ,  -x.com')).toEqual({
      ok: false,
      invalid: ['localhost', 'bad_one.com', '-x.com'],
      tooMany: false,
      count: 1,
    });
  });

  it('does not split array entries (a comma inside one is an invalid entry)', () => {
    const parsed = parseAllowedDomains(['a.com, b.com']);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.invalid).toEqual(['a.com, b.com']);
  });

  const many = (count: number) => Array.from({ length: count }, (_, i) => `tenant${i}.example.com`);

  it(`accepts ${MAX_ALLOWED_DOMAINS} domains and rejects ${MAX_ALLOWED_DOMAINS + 1}`, () => {
    expect(MAX_ALLOWED_DOMAINS).toBe(50);
    const fifty = parseAllowedDomains(many(50));
    expect(fifty.ok && fifty.domains).toHaveLength(50);
    expect(parseAllowedDomains(many(51))).toEqual({ ok: false, invalid: [], tooMany: true, count: 51 });
  });

  it('counts after merging duplicates', () => {
    const parsed = parseAllowedDomains([...many(50), ...many(50).map((d) => d.toUpperCase())].join('\n'));
    expect(parsed.ok && parsed.domains).toHaveLength(50);
  });

  it('reports invalid entries and too many together', () => {
    expect(parseAllowedDomains([...many(51), 'localhost'])).toEqual({
      ok: false,
      invalid: ['localhost'],
      tooMany: true,
      count: 51,
    });
  });
});

describe('emailDomain', () => {
  it.each<[string, string | null]>([
    ['ann@acme.com', 'acme.com'],
    ['Ann@ACME.com', 'acme.com'],
    ['anna@Bücher.de', 'xn--bcher-kva.de'],
    ['odd@local@acme.com', 'acme.com'],
    ['ann', null],
    ['@acme.com', null],
    ['ann@', null],
    ['ann@localhost', null],
  ])('%j → %j', (email, expected) => {
    expect(emailDomain(email)).toBe(expected);
  });
});

describe('isEmailDomainAllowed (R12)', () => {
  it('allows any address when the list is empty', () => {
    expect(isEmailDomainAllowed('ann@gmail.com', [])).toBe(true);
  });

  it('requires an exact domain match', () => {
    const allowed = ['acme.com'];
    expect(isEmailDomainAllowed('ann@acme.com', allowed)).toBe(true);
    expect(isEmailDomainAllowed('ann@eu.acme.com', allowed)).toBe(false);
    expect(isEmailDomainAllowed('ann@evilacme.com', allowed)).toBe(false);
    expect(isEmailDomainAllowed('ann@acme.com.evil.io', allowed)).toBe(false);
    expect(isEmailDomainAllowed('ann@acme.co', allowed)).toBe(false);
  });

  it('allows a subdomain only when it is listed itself', () => {
    expect(isEmailDomainAllowed('ann@eu.acme.com', ['acme.com', 'eu.acme.com'])).toBe(true);
    expect(isEmailDomainAllowed('ann@acme.com', ['eu.acme.com'])).toBe(false);
  });

  it('compares case-insensitively and in punycode', () => {
    expect(isEmailDomainAllowed('Ann@ACME.COM', ['acme.com'])).toBe(true);
    expect(isEmailDomainAllowed('anna@BÜCHER.de', ['xn--bcher-kva.de'])).toBe(true);
  });

  it('refuses something that is not an address when a list is set', () => {
    expect(isEmailDomainAllowed('ann', ['acme.com'])).toBe(false);
    expect(isEmailDomainAllowed('ann@', ['acme.com'])).toBe(false);
  });
});
