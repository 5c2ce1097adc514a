import type { PasswordProblem } from '../../../modules/accounts/domain/password-policy';

/**
 * The join form's messages, word for word the server's (src/web/pages/form-messages.ts), so the
 * browser check and the server say the same thing. They are repeated rather than imported: the
 * server's constants sit in modules that also load the 49,233 common passwords and the signup
 * command, which must not end up in the page's script. test/browser/join-messages.test.ts
 * fails when a word differs.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Every problem the browser can see: the common-password check (too_common) is the server's. */
export type VisiblePasswordProblem = Exclude<PasswordProblem, 'too_common'>;

export const PASSWORD_PROBLEM_MESSAGES: Record<VisiblePasswordProblem, string> = {
  too_short: `Password must be at least ${PASSWORD_MIN_LENGTH} characters long.`,
  too_long: `Password must be at most ${PASSWORD_MAX_LENGTH} characters long.`,
  missing_uppercase: 'Password must contain an uppercase letter.',
  missing_lowercase: 'Password must contain a lowercase letter.',
  missing_digit: 'Password must contain a number.',
  missing_special: 'Password must contain a special character.',
};

export const PASSWORD_MISMATCH_MESSAGE = 'Passwords do not match.';
export const TERMS_NOT_ACCEPTED_MESSAGE = 'You must accept the Terms of Service and Privacy Policy.';
export const INVALID_EMAIL_MESSAGE = 'Enter a valid email address.';
export const REQUIRED_MESSAGES = {
  firstName: 'Enter your first name.',
  lastName: 'Enter your last name.',
} as const;
