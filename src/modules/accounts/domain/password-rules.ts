/**
 * R13's character rules, apart from the common-password list: the one definition the server's
 * policy (password-policy.ts) and the join page's live check (bundled into the browser) share.
 * It imports nothing, so the browser bundle never pulls in the 49,233 common passwords.
 * Lengths count code points, not UTF-16 units.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordRuleProblem =
  | 'too_short'
  | 'too_long'
  | 'missing_uppercase'
  | 'missing_lowercase'
  | 'missing_digit'
  | 'missing_special';

export const PASSWORD_RULE_MESSAGES: Record<PasswordRuleProblem, string> = {
  too_short: `Password must be at least ${PASSWORD_MIN_LENGTH} characters long.`,
  too_long: `Password must be at most ${PASSWORD_MAX_LENGTH} characters long.`,
  missing_uppercase: 'Password must contain an uppercase letter.',
  missing_lowercase: 'Password must contain a lowercase letter.',
  missing_digit: 'Password must contain a number.',
  missing_special: 'Password must contain a special character.',
};

/** Every unmet rule, in the order the join page lists them, so a form can show them all at once. */
export function passwordRuleProblems(password: string): PasswordRuleProblem[] {
  const problems: PasswordRuleProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  if (!/\p{Lu}/u.test(password)) problems.push('missing_uppercase');
  if (!/\p{Ll}/u.test(password)) problems.push('missing_lowercase');
  if (!/\p{Nd}/u.test(password)) problems.push('missing_digit');
  if (!/[^\p{L}\p{Nd}]/u.test(password)) problems.push('missing_special');
  return problems;
}
