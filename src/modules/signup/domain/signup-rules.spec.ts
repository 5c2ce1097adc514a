import { INVALID_EMAIL, PASSWORDS_DO_NOT_MATCH, TERMS_NOT_ACCEPTED } from './signup-messages';
import { signupRuleViolations } from './signup-rules';

const valid = {
  firstName: 'Nia',
  lastName: 'Newcomer',
  email: 'nia@acme.example',
  password: 'Correct-Horse-9',
  passwordConfirmation: 'Correct-Horse-9',
  acceptTerms: true,
};

describe('signup rules (422)', () => {
  it('accepts a valid form', () => {
    expect(signupRuleViolations(valid)).toEqual([]);
  });

  it('names each broken rule with its field', () => {
    expect(signupRuleViolations({ ...valid, email: 'nia', password: 'abc', passwordConfirmation: 'abd', acceptTerms: false })).toEqual([
      { field: 'email', message: INVALID_EMAIL },
      { field: 'password', message: expect.stringContaining('at least 8') },
      { field: 'password', message: expect.stringContaining('uppercase') },
      { field: 'password', message: expect.stringContaining('number') },
      { field: 'password', message: expect.stringContaining('special') },
      { field: 'passwordConfirmation', message: PASSWORDS_DO_NOT_MATCH },
      { field: 'acceptTerms', message: TERMS_NOT_ACCEPTED },
    ]);
  });

  it('never trims or truncates a password when comparing the confirmation', () => {
    expect(signupRuleViolations({ ...valid, passwordConfirmation: `${valid.password} ` })).toEqual([
      { field: 'passwordConfirmation', message: PASSWORDS_DO_NOT_MATCH },
    ]);
    const long = `Aa1!${'x'.repeat(125)}`;
    expect(signupRuleViolations({ ...valid, password: long, passwordConfirmation: long.slice(0, 128) }).map((e) => e.field)).toEqual([
      'password',
      'passwordConfirmation',
    ]);
  });
});
