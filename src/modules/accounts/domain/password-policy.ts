/**
 * R13. Every rule is checked and reported, so a form can show them all at once. The common-
 * password list only needs entries that pass the other rules: anything else is refused anyway.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const COMMON_PASSWORDS = new Set(
  [
    'Password1!', 'Password1@', 'Password1#', 'Password123!', 'Password@123', 'P@ssw0rd', 'P@ssw0rd1', 'P@ssword1',
    'P@55w0rd', 'Passw0rd!', 'Welcome1!', 'Welcome@1', 'Welcome123!', 'Welcome@123', 'Qwerty123!', 'Qwerty1!',
    'Qwerty@123', 'Admin123!', 'Admin@123', 'Abc123!@#', 'Abcd1234!', 'Abcd@1234', 'Aa123456!', 'Aa@123456',
    'Changeme1!', 'ChangeMe123!', 'Letmein1!', 'Summer2024!', 'Summer2025!', 'Summer2026!', 'Winter2024!',
    'Winter2025!', 'Winter2026!', 'Spring2025!', 'Spring2026!', 'Autumn2025!', 'Iloveyou1!', 'Monkey123!',
    'Dragon123!', 'Football1!', 'Baseball1!', 'Sunshine1!', 'Princess1!', 'Master123!', 'Test@123', 'Test1234!',
    'Zaq12wsx!', '1qaz@WSX', '1qaz!QAZ', '!QAZ2wsx', 'Pa$$w0rd', 'Pa$$word1', 'Company1!', 'Company123!',
  ].map((password) => password.toLowerCase()),
);

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
  too_common: 'This password is too common. Choose a less predictable one.',
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
  if (problems.length === 0 && COMMON_PASSWORDS.has(password.toLowerCase())) problems.push('too_common');
  return problems;
}
