import fc from 'fast-check';
import { passwordProblems as serverProblems } from '../../../modules/accounts/domain/password-policy';
import { passwordProblems } from './password-rules';

describe('the password rules the join page checks while typing', () => {
  it('name each unmet rule, in the order the page lists them', () => {
    expect(passwordProblems('')).toEqual(['too_short', 'missing_uppercase', 'missing_lowercase', 'missing_digit', 'missing_special']);
    expect(passwordProblems('abcdefgh')).toEqual(['missing_uppercase', 'missing_digit', 'missing_special']);
    expect(passwordProblems('Ab1!Ab1!')).toEqual([]);
  });

  it('count characters as code points, like the server, not UTF-16 units', () => {
    expect(passwordProblems('Aa1!😀😀😀')).toEqual(['too_short']); // 7 code points, 10 units
    expect(passwordProblems('Aa1!😀😀😀😀')).toEqual([]);
    expect(passwordProblems(`Aa1!${'😀'.repeat(124)}`)).toEqual([]);
    expect(passwordProblems(`Aa1!${'😀'.repeat(125)}`)).toEqual(['too_long']);
  });

  it('agree with the server on every password, except the common-password list only the server has', () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'Z', '7', '!', ' ', 'é', 'Ω', '٣', '😀'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 140 });
    fc.assert(
      fc.property(text, (value) => {
        expect(passwordProblems(value)).toEqual(serverProblems(value).filter((problem) => problem !== 'too_common'));
      }),
      { numRuns: 500 },
    );
  });
});
