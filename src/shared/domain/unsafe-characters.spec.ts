import { describeUnsafeCharacter, firstUnsafeCharacter } from './unsafe-characters';

describe('firstUnsafeCharacter', () => {
  describe.each(['name', 'email'] as const)('refused under both rules (%s)', (rules) => {
    it.each<[string, string, string]>([
      ['NUL', 'a\u0000b', 'U+0000'],
      ['a newline', 'a\nb', 'U+000A'],
      ['a carriage return', 'a\rb', 'U+000D'],
      ['a tab', 'a\tb', 'U+0009'],
      ['ESC', 'a\u001b[2Jb', 'U+001B'],
      ['DEL', 'a\u007fb', 'U+007F'],
      ['a C1 control (NEL)', 'a\u0085b', 'U+0085'],
      ['a lone high surrogate', 'a\ud800b', 'U+D800'],
      ['a lone high surrogate at the end', 'ab\udbff', 'U+DBFF'],
      ['a lone low surrogate', 'a\udc00b', 'U+DC00'],
      ['LRE', 'a\u202ab', 'U+202A'],
      ['RLE', 'a\u202bb', 'U+202B'],
      ['PDF', 'a\u202cb', 'U+202C'],
      ['LRO', 'a\u202db', 'U+202D'],
      ['RLO', 'a\u202eb', 'U+202E'],
      ['LRI', 'a\u2066b', 'U+2066'],
      ['RLI', 'a\u2067b', 'U+2067'],
      ['FSI', 'a\u2068b', 'U+2068'],
      ['PDI', 'a\u2069b', 'U+2069'],
      ['LRM', 'a\u200eb', 'U+200E'],
      ['RLM', 'a\u200fb', 'U+200F'],
      ['ALM', 'a\u061cb', 'U+061C'],
      ['a line separator', 'a\u2028b', 'U+2028'],
      ['a paragraph separator', 'a\u2029b', 'U+2029'],
      ['a replacement character', 'a\ufffdb', 'U+FFFD'],
    ])('%s', (_name, text, codePoint) => {
      expect(firstUnsafeCharacter(text, rules)).toEqual({ kind: expect.any(String), codePoint });
    });
  });

  it.each([
    'Dana Scully',
    'Anne-Marie O\u2019Neil',
    'Jos\u00e9 Garc\u00eda',
    'Jose\u0301', // a combining accent is a letter's, not a control
    '\u5c71\u7530\u3000\u592a\u90ce', // an ideographic space between family and given name
    '\u0645\u062d\u0645\u062f', // right-to-left text itself is fine; only the controls are not
    '\u{1F469}\u200d\u{1F4BB} Ops', // emoji: a surrogate pair and a zero-width joiner
    '\u0915\u094d\u200d\u0937', // a joiner some scripts need
    'Contoso IT Services (EU)',
  ])('accepts the name %j', (name) => {
    expect(firstUnsafeCharacter(name, 'name')).toBeNull();
  });

  it.each<[string, string]>([
    ['an n', 'U+0020'],
    ['a\u00a0n', 'U+00A0'],
    ['a\u3000n', 'U+3000'],
    ['a\u200bn', 'U+200B'],
    ['a\u200dn', 'U+200D'],
    ['a\u00adn', 'U+00AD'],
    ['a\ufeffn', 'U+FEFF'],
    ['a\u{E0041}n', 'U+E0041'],
  ])('refuses in an email, not in a name, whitespace and invisible characters: %j', (text, codePoint) => {
    expect(firstUnsafeCharacter(text, 'email')).toEqual(expect.objectContaining({ codePoint }));
  });

  it('finds the first problem and reports it without the character itself', () => {
    const found = firstUnsafeCharacter('ok\u202eand\u0000', 'name');
    expect(found).toEqual({ kind: 'a text-direction control', codePoint: 'U+202E' });
    expect(describeUnsafeCharacter(found!)).toBe('a text-direction control (U+202E)');
  });

  it('reads a surrogate pair as one character', () => {
    expect(firstUnsafeCharacter('\ud83d\ude00', 'email')).toBeNull();
    expect(firstUnsafeCharacter('\ude00\ud83d', 'email')).toEqual(expect.objectContaining({ codePoint: 'U+DE00' }));
  });
});
