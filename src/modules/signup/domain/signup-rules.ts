import { parseEmail, unsafeEmailReason } from '../../../shared/domain/email';
import { describeUnsafeCharacter, firstUnsafeCharacter } from '../../../shared/domain/unsafe-characters';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblems } from '../../accounts/domain/password-policy';
import { INVALID_EMAIL, PASSWORDS_DO_NOT_MATCH, TERMS_NOT_ACCEPTED } from './signup-messages';

/** What a new user submits through an invite link (the join page form or the public API). */
export interface SignupInput {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly password: string;
  readonly passwordConfirmation: string;
  readonly acceptTerms: boolean;
}

export interface FieldError {
  readonly field: keyof SignupInput;
  readonly message: string;
}

/**
 * The rules a well-formed signup form must also satisfy (422): email syntax and characters,
 * names free of unsafe characters (unsafe-characters.ts), every R13 password rule (each reported
 * on its own, so a form can show them all), the confirmation (R13) and the terms (R14). Shapes
 * and lengths are the DTO's business (400).
 */
export function signupRuleViolations(input: SignupInput): FieldError[] {
  const errors: FieldError[] = [];
  const email = parseEmail(input.email);
  if (!email.ok) {
    errors.push({ field: 'email', message: email.problem === 'unsafe' ? `Enter a valid email address: it ${unsafeEmailReason(email.unsafe)}.` : INVALID_EMAIL });
  }
  // The API's DTO refuses these first (400); the join form has no DTO, so the rule is here too.
  for (const field of ['firstName', 'lastName'] as const) {
    const unsafe = firstUnsafeCharacter(input[field], 'name');
    if (unsafe !== null) errors.push({ field, message: `Must not contain ${describeUnsafeCharacter(unsafe)}.` });
  }
  for (const problem of passwordProblems(input.password)) {
    errors.push({ field: 'password', message: PASSWORD_PROBLEM_MESSAGES[problem] });
  }
  // Compared as given: a password is never trimmed or truncated.
  if (input.passwordConfirmation !== input.password) {
    errors.push({ field: 'passwordConfirmation', message: PASSWORDS_DO_NOT_MATCH });
  }
  if (input.acceptTerms !== true) errors.push({ field: 'acceptTerms', message: TERMS_NOT_ACCEPTED });
  return errors;
}
