import fc from 'fast-check';
import { passwordProblems } from './password-policy';
import { passwordRuleProblems } from './password-rules';

describe('the password rules the server and the join page share (R13)', () => {
  it('name each unmet rule, in the order the page lists them', () => {
    expect(passwordRuleProblems('')).toEqual(['too_short', 'missing_uppercase', 'missing_lowercase', 'missing_digit', 'missing_special']);
    expect(passwordRuleProblems('abcdefgh')).toEqual(['missing_uppercase', 'missing_digit', 'missing_special']);
    expect(passwordRuleProblems('Ab1!Ab1!')).toEqual([]);
  });

  it('count characters as code points, not UTF-16 units', () => {
    expect(passwordRuleProblems('Aa1!😀😀😀')).toEqual(['too_short']); // 7 code points, 10 units
    expect(passwordRuleProblems('Aa1!😀😀😀😀')).toEqual([]);
    expect(passwordRuleProblems(`Aa1!${'😀'.repeat(124)}`)).toEqual([]);
    expect(passwordRuleProblems(`Aa1!${'😀'.repeat(125)}`)).toEqual(['too_long']);
  });

  it('are the whole policy but for the common-password list, which is checked only once every rule is met', () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'Z', '7', '!', ' ', 'é', 'Ω', '٣', '😀'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 140 });
    const common = fc.constantFrom('Password1!', 'P@ssw0rd', 'Qwerty123!');
    fc.assert(
      fc.property(fc.oneof(text, common), (value) => {
        const rules = passwordRuleProblems(value);
        const policy = passwordProblems(value);
        if (rules.length > 0) expect(policy).toEqual(rules);
        else expect([[], ['too_common']]).toContainEqual(policy);
      }),
      { numRuns: 500 },
    );
  });
});
