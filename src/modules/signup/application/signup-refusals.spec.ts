import { SignupRefusalReason } from '../../../shared/application/signup-refusals.port';
import { conflict, forbidden, notFound, validationError } from '../../../shared/domain/domain-error';
import { countingRefusals, signupRefusalReasonOf } from './signup-refusals';

describe('signup refusals', () => {
  it('names the reason of each refusal by its error code', () => {
    expect(signupRefusalReasonOf(notFound('invalid_invite_link', 'x'))).toBe('link_not_valid');
    expect(signupRefusalReasonOf(forbidden('email_domain_not_allowed', 'x'))).toBe('domain_not_allowed');
    expect(signupRefusalReasonOf(conflict('user_already_registered', 'x'))).toBe('already_registered');
    expect(signupRefusalReasonOf(forbidden('microsoft_tenant_not_allowed', 'x'))).toBe('microsoft_organization_not_allowed');
  });

  it('counts nothing for what is not a refusal of the link: rule violations, other errors, crashes', () => {
    expect(signupRefusalReasonOf(validationError('invalid_signup', 'x'))).toBeNull();
    expect(signupRefusalReasonOf(forbidden('microsoft_email_not_verified', 'x'))).toBeNull();
    expect(signupRefusalReasonOf(notFound('toString', 'x'))).toBeNull();
    expect(signupRefusalReasonOf(new Error('invalid_invite_link'))).toBeNull();
  });

  it('records the refusal once and rethrows the very error; a success records nothing', async () => {
    const recorded: SignupRefusalReason[] = [];
    const refusals = { record: (reason: SignupRefusalReason) => void recorded.push(reason) };
    const refusal = conflict('user_already_registered', 'User already registered');

    await expect(countingRefusals(refusals, () => Promise.reject(refusal))).rejects.toBe(refusal);
    await expect(countingRefusals(refusals, () => Promise.resolve('joined'))).resolves.toBe('joined');
    await expect(countingRefusals(refusals, () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');

    expect(recorded).toEqual(['already_registered']);
  });
});
