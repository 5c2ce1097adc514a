import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, VisiblePasswordProblem } from './join-messages';

/**
 * R13's rules as the browser checks them while the person types: the server's passwordProblems
 * (accounts/domain/password-policy.ts) without the common-password list, which stays on the
 * server. Lengths count code points, like the server.
 */
export function passwordProblems(value: string): VisiblePasswordProblem[] {
  const found: VisiblePasswordProblem[] = [];
  const length = Array.from(value).length;
  if (length < PASSWORD_MIN_LENGTH) found.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) found.push('too_long');
  if (!/\p{Lu}/u.test(value)) found.push('missing_uppercase');
  if (!/\p{Ll}/u.test(value)) found.push('missing_lowercase');
  if (!/\p{Nd}/u.test(value)) found.push('missing_digit');
  if (!/[^\p{L}\p{Nd}]/u.test(value)) found.push('missing_special');
  return found;
}
