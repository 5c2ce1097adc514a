import { emailReservationStream, normalizeEmail, parseEmail } from './email';

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

describe('parseEmail: one normalisation, hostile characters refused (issue 11)', () => {
  it.each<[string, string, string]>([
    ['a lone high surrogate', '\ud800@a.com', 'U+D800'],
    ['a lone low surrogate', 'ann\udc00@acme.com', 'U+DC00'],
    ['a surrogate pair reversed', 'ann\udc00\ud800@acme.com', 'U+DC00'],
    ['NUL', 'x\u0000@acme.com', 'U+0000'],
    ['NUL at the end', 'ann@acme.com\u0000', 'U+0000'],
    ['DEL', 'ann\u007f@acme.com', 'U+007F'],
    ['a C1 control', 'ann\u0085@acme.com', 'U+0085'],
    ['an escape sequence', 'ann\u001b[31m@acme.com', 'U+001B'],
    ['a right-to-left override', '\u202emoc.live@ann', 'U+202E'],
    ['a left-to-right embedding', 'ann\u202a@acme.com', 'U+202A'],
    ['a pop directional formatting', 'ann@acme\u202c.com', 'U+202C'],
    ['a right-to-left isolate', 'ann\u2067@acme.com', 'U+2067'],
    ['a pop directional isolate', 'ann\u2069@acme.com', 'U+2069'],
    ['a left-to-right mark', 'ann\u200e@acme.com', 'U+200E'],
    ['a right-to-left mark', 'ann@\u200facme.com', 'U+200F'],
    ['an Arabic letter mark', 'ann\u061c@acme.com', 'U+061C'],
    ['a space inside', 'an n@acme.com', 'U+0020'],
    ['a tab inside', 'ann\t@acme.com', 'U+0009'],
    ['a no-break space inside', 'an\u00a0n@acme.com', 'U+00A0'],
    ['an ideographic space inside', 'an\u3000n@acme.com', 'U+3000'],
    ['a line separator', 'ann\u2028@acme.com', 'U+2028'],
    ['a zero-width space', 'an\u200bn@acme.com', 'U+200B'],
    ['a zero-width joiner', 'an\u200dn@acme.com', 'U+200D'],
    ['a soft hyphen', 'an\u00adn@acme.com', 'U+00AD'],
    ['a byte-order mark inside', 'ann@ac\ufeffme.com', 'U+FEFF'],
  ])('refuses %s and says which character', (_name, input, codePoint) => {
    const parsed = parseEmail(input);
    expect(parsed).toEqual({ ok: false, problem: 'unsafe', unsafe: expect.objectContaining({ codePoint }) });
    expect(normalizeEmail(input)).toBeNull();
  });

  it('tells a malformed address from an unsafe one', () => {
    expect(parseEmail('not-an-email')).toEqual({ ok: false, problem: 'malformed' });
    expect(parseEmail('ann@acme')).toEqual({ ok: false, problem: 'malformed' });
  });

  it('puts the address in NFC, so composed and decomposed spellings are one account', () => {
    const composed = 'jos\u00e9@acme.com';
    const decomposed = 'jose\u0301@acme.com';
    expect(normalizeEmail(decomposed)).toBe(composed);
    expect(normalizeEmail(composed)).toBe(composed);
    expect(normalizeEmail('JOSE\u0301@ACME.COM')).toBe(composed);
  });

  it('keeps non-ASCII letters of the local part (RFC 6531) and emoji made of surrogate pairs', () => {
    expect(normalizeEmail('Ünal@acme.com')).toBe('ünal@acme.com');
    expect(normalizeEmail('ann\u{1F600}@acme.com')).toBe('ann\u{1F600}@acme.com');
  });

  it('still trims surrounding whitespace of a typed or pasted address', () => {
    expect(normalizeEmail('\u00a0ann@acme.com\r\n')).toBe('ann@acme.com');
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
