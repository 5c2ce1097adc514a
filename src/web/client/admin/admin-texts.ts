/** The users table's page size and the words the admin pages show for the API's codes and fields. */
export const USERS_PAGE_SIZE = 20;

export const JOINED_VIA: Readonly<Record<string, string>> = { invite_link: 'Invite link', admin: 'Added by admin' };

export const SIGN_IN_METHODS: Readonly<Record<string, string>> = { password: 'Password', microsoft: 'Microsoft' };

/** The labels of the dialogs' fields, by the API's field names (used to turn "email must be…" into "Email must be…"). */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  password: 'Password',
  roleId: 'Role',
  defaultRoleId: 'Default role',
  allowedDomains: 'Allowed domains',
  allowedMicrosoftTenantIds: 'Allowed Microsoft organizations',
  requireEmailVerification: 'Email verification',
  enabled: 'Automatic Account Creation',
};

/** The word for a code, or the code itself when there is none. */
export function wordFor(words: Readonly<Record<string, string>>, code: string): string {
  return Object.prototype.hasOwnProperty.call(words, code) ? words[code] : code;
}
