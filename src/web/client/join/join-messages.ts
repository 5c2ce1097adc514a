/**
 * The join form's own words that the signup rules do not have: the page says these, the API
 * never does. Pure text, so the server-rendered page (form-messages.ts) and the browser check
 * (join.ts) say the same thing.
 */

/** An empty password is one problem, not six: the rules list under the field says the rest. */
export const PASSWORD_REQUIRED = 'Enter a password.';
