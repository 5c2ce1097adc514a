import { emailReservationStream, normalizeEmail } from './email';

describe('normalizeEmail (R11: unique case-insensitively)', () => {
  it.each<[string, string]>([
    ['ann@acme.com', 'ann@acme.com'],
    ['Ann.Lee@ACME.Com', 'ann.lee@acme.com'],
    ['  ann@acme.com \n', 'ann@acme.com'],
    ['ANN+invites@Sub.Acme.COM', 'ann+invites@sub.acme.com'],
    ['anna@Bücher.de', 'anna@xn--bcher-kva.de'],
    ['anna@xn--bcher-kva.de', 'anna@xn--bcher-kva.de'],
    ['ann@acme.com.', 'ann@acme.com'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it('makes case variants and IDN spellings of one address equal', () => {
    const variants = ['anna@bücher.de', 'ANNA@BÜCHER.DE', 'Anna@xn--bcher-kva.de', ' anna@Bücher.De '];
    expect(new Set(variants.map(normalizeEmail)).size).toBe(1);
  });

  it('accepts a 64-character local part', () => {
    expect(normalizeEmail(`${'a'.repeat(64)}@acme.com`)).toBe(`${'a'.repeat(64)}@acme.com`);
  });

  it.each([
    '',
    '   ',
    'ann',
    'ann.acme.com',
    '@acme.com',
    'ann@',
    'ann@localhost',
    'ann@acme',
    'an n@acme.com',
    'ann@ac me.com',
    'a@b@acme.com',
    'ann@@acme.com',
    'ann@-acme.com',
    'ann@acme..com',
    'ann@127.0.0.1',
    'ann@[127.0.0.1]',
    'ann@acme.com/x',
    'Ann <ann@acme.com>',
    `${'a'.repeat(65)}@acme.com`,
  ])('rejects %j', (input) => {
    expect(normalizeEmail(input)).toBeNull();
  });

  // Whitespace is refused in the local part ('an n@acme.com', 'ann @acme.com') but silently
  // dropped right after the '@', because the domain goes through normalizeDomain, which trims
  // (it was written for allow-list entries). Neither is an address, and the function promises
  // null for "something that is not an address".
  it.each(['ann@ acme.com', 'ann@\tacme.com', 'ann@\nacme.com', 'ann @acme.com'])('rejects whitespace around the @: %j', (input) => {
    expect(normalizeEmail(input)).toBeNull();
  });
});

describe('emailReservationStream', () => {
  const email = 'ann.lee@acme.com';

  it('is stable for one address', () => {
    expect(emailReservationStream(email)).toBe(emailReservationStream(email));
  });

  it('is the same for every spelling once normalized', () => {
    const a = normalizeEmail('Ann.Lee@ACME.com') as string;
    const b = normalizeEmail(' ann.lee@acme.COM ') as string;
    expect(emailReservationStream(a)).toBe(emailReservationStream(b));
  });

  it('differs between addresses', () => {
    expect(emailReservationStream('ann@acme.com')).not.toBe(emailReservationStream('bob@acme.com'));
    expect(emailReservationStream('ann@acme.com')).not.toBe(emailReservationStream('ann@acme.org'));
  });

  it('does not contain the address or any part of it', () => {
    const stream = emailReservationStream(email);
    expect(stream).toMatch(/^emailReservation-[0-9a-f]{64}$/);
    expect(stream).not.toContain(email);
    expect(stream).not.toContain('ann');
    expect(stream).not.toContain('acme');
    expect(stream).not.toContain('@');
  });
});
