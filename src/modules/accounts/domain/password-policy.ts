import { dictionary } from '@zxcvbn-ts/language-common';
import { COMMON_PASSWORD_MESSAGE, CommonPasswords } from './common-passwords';

/**
 * R13. Every rule is checked and reported, so a form can show them all at once.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * The 49,233 common passwords zxcvbn-ts maintains, reduced to look-up keys once, when this
 * module loads (about 0.1 s and 7 MB of heap, paid at start, never by a signup). It is plain data
 * shipped in a runtime dependency, read by `require` like code, so the domain stays pure: no
 * file, no network, nothing to inject. zxcvbn's estimator itself never runs on the server (its
 * cost is the browser's, in the join page's meter).
 */
export const COMMON_PASSWORDS = new CommonPasswords(dictionary['passwords-common']);

export type PasswordProblem =
  | 'too_short'
  | 'too_long'
  | 'missing_uppercase'
  | 'missing_lowercase'
  | 'missing_digit'
  | 'missing_special'
  | 'too_common';

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `Password must be at least ${PASSWORD_MIN_LENGTH} characters long.`,
  too_long: `Password must be at most ${PASSWORD_MAX_LENGTH} characters long.`,
  missing_uppercase: 'Password must contain an uppercase letter.',
  missing_lowercase: 'Password must contain a lowercase letter.',
  missing_digit: 'Password must contain a number.',
  missing_special: 'Password must contain a special character.',
  too_common: COMMON_PASSWORD_MESSAGE,
};

export function passwordProblems(password: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  if (!/\p{Lu}/u.test(password)) problems.push('missing_uppercase');
  if (!/\p{Ll}/u.test(password)) problems.push('missing_lowercase');
  if (!/\p{Nd}/u.test(password)) problems.push('missing_digit');
  if (!/[^\p{L}\p{Nd}]/u.test(password)) problems.push('missing_special');
  if (problems.length === 0 && COMMON_PASSWORDS.has(password)) problems.push('too_common');
  return problems;
}
