/**
 * The join form's words, shared by the signup rules (API and page, on the server) and the join
 * page's live check (in the browser). It imports nothing, so the browser bundle stays small.
 */
export const PASSWORDS_DO_NOT_MATCH = 'Passwords do not match.';
export const TERMS_NOT_ACCEPTED = 'You must accept the Terms of Service and Privacy Policy.';
export const INVALID_EMAIL = 'Enter a valid email address.';
/** The page checks required names itself: a form post does not go through the API's DTO. */
export const NAME_REQUIRED = {
  firstName: 'Enter your first name.',
  lastName: 'Enter your last name.',
} as const;
