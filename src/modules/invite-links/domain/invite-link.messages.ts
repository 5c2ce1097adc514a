/*
 * The words the invite link's rules answer with. The API, the pages and the tests use these
 * constants, so a sentence is changed here or nowhere.
 */

/** R16: one answer for every link that does not work, whatever the reason. */
export const INVALID_LINK_MESSAGE =
  'This invite link is not valid or has been deactivated. Please contact your administrator.';

/** R9: shown to the admin instead of the link, and the refusal of enabling it. */
export const SSO_UNAVAILABLE_MESSAGE = 'Not available - SSO is configured for this tenant.';

/** R10: shown to the admin instead of the link of a canceled tenant. */
export const CANCELED_UNAVAILABLE_MESSAGE = 'Not available - this tenant has been canceled.';

/** R12: the signup's email domain is not on the link's list. */
export const EMAIL_DOMAIN_NOT_ALLOWED_MESSAGE =
  'Signups through this invite link are limited to specific email domains, and yours is not one of them.';

/** The Microsoft signup's organization (`tid`) is not on the link's list. */
export const MICROSOFT_TENANT_NOT_ALLOWED_MESSAGE =
  'Signups with Microsoft through this invite link are limited to specific Microsoft organizations, and yours is not one of them.';

/**
 * Turning email verification on where the service cannot send the mail it needs: the admin's
 * answer, naming what the operator has to set.
 */
export const MAIL_NOT_CONFIGURED_MESSAGE =
  'requireEmailVerification: email verification sends mail; set SMTP_URL (and MAIL_FROM) on the service first';
