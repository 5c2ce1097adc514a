/** The words the history page shows for the codes the API records. */

export const DISABLE_REASONS: Readonly<Record<string, string>> = {
  admin: 'turned off by an admin',
  sso_configured: 'SSO configured',
  tenant_canceled: 'tenant canceled',
};

/** What the person who acted was, shown after their name and email. */
export const ACTORS: Readonly<Record<string, string>> = {
  msp_admin: 'MSP admin',
  new_user: 'new user via invite link',
  operator: 'Operator',
  system: 'System',
  user: 'user',
};

export const JOIN_METHODS: Readonly<Record<string, string>> = {
  password: 'with email and password',
  microsoft: 'with Microsoft',
};

/** Why the page could not load, by HTTP status (0: the server could not be reached). */
const LOAD_PROBLEMS: Readonly<Record<number, string>> = {
  0: 'The server could not be reached. Check your connection, then reload the page.',
  401: 'Your session has ended. Sign in again to see the history.',
  403: "You are not allowed to see this tenant's invite link. Only administrators of the tenant's MSP can.",
  404: 'This tenant does not exist, or it does not belong to your MSP.',
  429: 'Too many requests. Wait a minute, then reload the page.',
};

const LOAD_FAILED = 'The history could not be loaded. Reload the page to try again.';

/** The sentence for a failed load (a status of its own, or the general one). */
export function loadProblem(status: number | null): string {
  return status !== null && Object.prototype.hasOwnProperty.call(LOAD_PROBLEMS, status) ? LOAD_PROBLEMS[status] : LOAD_FAILED;
}

/** The word for a code, or undefined when there is none. */
export function wordOf(words: Readonly<Record<string, string>>, code: unknown): string | undefined {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(words, code) ? words[code] : undefined;
}
