import { fieldErrors, readable } from './field-errors';

describe("the API's errors as the admin dialogs show them", () => {
  it('drop the field name before a colon, and turn a leading field name into its label', () => {
    expect(readable('allowedDomains: invalid domain(s): x', 'allowedDomains')).toBe('Invalid domain(s): x');
    expect(readable('email must be an email', 'email')).toBe('Email must be an email');
    expect(readable('something else', null)).toBe('Something else');
  });

  it('tie each message of a list to the field it starts with', () => {
    const body = { message: ['email must be an email', 'firstName should not be empty'], fields: ['email', 'firstName'] };
    expect(fieldErrors({ message: 'x', body })).toEqual([
      { field: 'email', message: 'Email must be an email' },
      { field: 'firstName', message: 'First name should not be empty' },
    ]);
  });

  it('tie a message to the only field the answer names, or to none', () => {
    expect(fieldErrors({ message: 'x', body: { message: 'Too many domains.', field: 'allowedDomains' } })).toEqual([
      { field: 'allowedDomains', message: 'Too many domains.' },
    ]);
    expect(fieldErrors({ message: 'x', body: { message: 'Already registered.', code: 'user_already_registered' } })).toEqual([
      { field: 'email', message: 'Already registered.' },
    ]);
    expect(fieldErrors({ message: 'x', body: { message: 'SSO is on.', code: 'sso_configured' } })).toEqual([{ field: 'enabled', message: 'SSO is on.' }]);
    expect(fieldErrors({ message: 'Failed to fetch' })).toEqual([{ field: null, message: 'Failed to fetch' }]);
  });

  it('take every field problem an answer lists in errors, each next to its field', () => {
    const body = {
      message: 'password: Password must contain a number.',
      code: 'weak_password',
      field: 'password',
      errors: [
        { field: 'password', message: 'Password must contain a number.' },
        { field: 'email', message: 'User already registered' },
        { field: 'roleId', message: 'unknown role "x" for this tenant' },
      ],
    };
    expect(fieldErrors({ message: 'x', body })).toEqual([
      { field: 'password', message: 'Password must contain a number.' },
      { field: 'email', message: 'User already registered' },
      { field: 'roleId', message: 'Unknown role "x" for this tenant' },
    ]);
  });
});
