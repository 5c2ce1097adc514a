import { PASSWORD_PROBLEM_MESSAGES } from '../../modules/accounts/domain/password-policy';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PasswordRuleProblem } from '../../modules/accounts/domain/password-rules';
import { NAME_REQUIRED } from '../../modules/signup/domain/signup-messages';

/** R16, word for word: the sentence the domain (and so the API) uses. */
export { INVALID_LINK_MESSAGE } from '../../modules/invite-links/domain/invite-link.messages';

/**
 * The messages of the signup rules come from the signup domain (signup-messages.ts), so the
 * browser check (src/web/client/join), the page and the API say the same words. The page adds the
 * checks the API's DTO makes (required names, lengths), since a form post does not go through the DTO.
 */
export {
  INVALID_EMAIL as INVALID_EMAIL_MESSAGE,
  PASSWORDS_DO_NOT_MATCH as PASSWORD_MISMATCH_MESSAGE,
  TERMS_NOT_ACCEPTED as TERMS_NOT_ACCEPTED_MESSAGE,
} from '../../modules/signup/domain/signup-messages';
export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 320;
/** Generous on purpose, like the API: R13's 128 characters is a rule (422), never a truncation. */
export const PASSWORD_FIELD_MAX_LENGTH = 1024;
export const REQUIRED_MESSAGES = NAME_REQUIRED;
export const TOO_LONG_MESSAGES = {
  firstName: `First name must be at most ${NAME_MAX_LENGTH} characters.`,
  lastName: `Last name must be at most ${NAME_MAX_LENGTH} characters.`,
  email: `Email must be at most ${EMAIL_MAX_LENGTH} characters.`,
  password: `Password must be at most ${PASSWORD_FIELD_MAX_LENGTH} characters.`,
  passwordConfirmation: `Password confirmation must be at most ${PASSWORD_FIELD_MAX_LENGTH} characters.`,
} as const;
export const TOO_MANY_ATTEMPTS_MESSAGE = 'Too many attempts. Wait a minute and try again.';
export const SIGN_IN_FAILED_MESSAGE = 'Invalid email or password.';
export { PASSWORD_REQUIRED as PASSWORD_REQUIRED_MESSAGE } from '../client/join/join-messages';
export const FORM_EXPIRED_MESSAGE = 'This form has expired. Reload the page and try again.';

/** Email verification: the domain's words for each state of a code, and for signing in before confirming. */
export {
  VERIFICATION_CODE_EXPIRED as VERIFICATION_EXPIRED_MESSAGE,
  VERIFICATION_CODE_INVALID as VERIFICATION_INVALID_MESSAGE,
  VERIFICATION_CODE_USED as VERIFICATION_USED_MESSAGE,
} from '../../modules/accounts/domain/email-reservation.decider';
export { EMAIL_NOT_VERIFIED_MESSAGE } from '../../modules/accounts/use-cases/sign-in/sign-in.handler';
/** The answer to "Send the link again", the same whether or not a signup waits for the address. */
export const VERIFICATION_RESENT_MESSAGE = 'If a signup is waiting for this address, we sent the link again.';

/** The rules shown under the password field, in the order of the policy. */
export const PASSWORD_RULES: readonly { problem: PasswordRuleProblem; text: string }[] = [
  { problem: 'too_short', text: `At least ${PASSWORD_MIN_LENGTH} characters` },
  { problem: 'too_long', text: `At most ${PASSWORD_MAX_LENGTH} characters` },
  { problem: 'missing_uppercase', text: 'An uppercase letter' },
  { problem: 'missing_lowercase', text: 'A lowercase letter' },
  { problem: 'missing_digit', text: 'A number' },
  { problem: 'missing_special', text: 'A special character' },
];

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_PROBLEM_MESSAGES };
