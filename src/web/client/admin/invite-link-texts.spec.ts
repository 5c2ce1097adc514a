import type { InviteLink } from './api-types';
import { linkSummary, savedStateMessage, unavailableMessage, unsavedChanges, verificationAdvised } from './invite-link-texts';

const saved: InviteLink = { enabled: true, available: true, defaultRoleId: 'r1', allowedDomains: ['acme.com', 'globex.com'] };
const asSaved = { enabled: true, defaultRoleId: 'r1', roleName: 'Help Desk', allowedDomains: 'acme.com\nglobex.com' };
const roles = new Map([['r1', 'Help Desk']]);

describe('the invite link texts', () => {
  it('says nothing is unsaved while the fields say what the saved link says, whatever separates or cases the domains', () => {
    expect(unsavedChanges(saved, asSaved)).toBeNull();
    expect(unsavedChanges(saved, { ...asSaved, allowedDomains: ' ACME.com, @globex.com ' })).toBeNull();
  });

  it('says what Save will do, every change in one sentence', () => {
    expect(unsavedChanges(saved, { ...asSaved, enabled: false })).toBe('Unsaved changes: Save turns Automatic Account Creation off.');
    expect(unsavedChanges({ ...saved, enabled: false }, asSaved)).toBe('Unsaved changes: Save turns Automatic Account Creation on.');
    expect(unsavedChanges(saved, { ...asSaved, enabled: false, defaultRoleId: 'r2', roleName: 'Member' })).toBe(
      'Unsaved changes: Save turns Automatic Account Creation off and sets the default role to Member.',
    );
    expect(unsavedChanges(saved, { ...asSaved, defaultRoleId: 'r2', roleName: 'Member', allowedDomains: 'acme.com' })).toBe(
      'Unsaved changes: Save sets the default role to Member and changes the allowed email domains.',
    );
    expect(unsavedChanges(saved, { ...asSaved, allowedDomains: '' })).toBe('Unsaved changes: Save allows any email domain.');
  });

  it('compares the Microsoft organizations only when the dialog has the box', () => {
    const id = '6f1b2a3c-0000-4000-8000-000000000001';
    expect(unsavedChanges(saved, { ...asSaved, allowedMicrosoftTenantIds: '' })).toBeNull();
    expect(unsavedChanges(saved, { ...asSaved, allowedMicrosoftTenantIds: id })).toBe('Unsaved changes: Save changes the allowed Microsoft organizations.');
    expect(unsavedChanges({ ...saved, allowedMicrosoftTenantIds: [id] }, { ...asSaved, allowedMicrosoftTenantIds: `{${id.toUpperCase()}}` })).toBeNull();
  });

  it('compares email verification only while the box can be changed, and names which way it goes', () => {
    expect(unsavedChanges(saved, { ...asSaved, requireEmailVerification: false })).toBeNull();
    expect(unsavedChanges(saved, { ...asSaved, requireEmailVerification: true })).toBe('Unsaved changes: Save turns email verification on.');
    expect(unsavedChanges({ ...saved, requireEmailVerification: true }, { ...asSaved, requireEmailVerification: false })).toBe(
      'Unsaved changes: Save turns email verification off.',
    );
    expect(unsavedChanges({ ...saved, requireEmailVerification: true }, asSaved)).toBeNull();
    expect(unsavedChanges(saved, { ...asSaved, allowedDomains: 'acme.com', requireEmailVerification: true })).toBe(
      'Unsaved changes: Save changes the allowed email domains and turns email verification on.',
    );
  });

  it('advises email verification while domains are entered and it is off', () => {
    expect(verificationAdvised(2, false)).toBe(true);
    expect(verificationAdvised(2, true)).toBe(false);
    expect(verificationAdvised(0, false)).toBe(false);
  });

  it('names the saved state and why a link is not available', () => {
    expect(savedStateMessage(saved)).toBe('Automatic Account Creation is on.');
    expect(savedStateMessage({ ...saved, enabled: false })).toBe('Automatic Account Creation is off.');
    expect(unavailableMessage({ available: false, unavailableReason: 'Not available - SSO is configured for this tenant.' })).toBe(
      'Not available - SSO is configured for this tenant. Invite links cannot be used with single sign-on (SSO), so these settings are read-only.',
    );
    expect(unavailableMessage({ available: false, unavailableReason: 'Not available - this tenant has been canceled.' })).toBe(
      'Not available - this tenant has been canceled. The link of a canceled tenant cannot be used or changed.',
    );
    expect(unavailableMessage({ available: false, unavailableReason: 'Something new.' })).toBe('Something new. These settings are read-only.');
  });

  it('sums the link up for the users page', () => {
    const name = (id: string) => roles.get(id);
    expect(linkSummary(saved, name)).toBe('Invite link: On · Help Desk · 2 domains');
    expect(linkSummary({ ...saved, allowedDomains: ['acme.com'] }, name)).toBe('Invite link: On · Help Desk · 1 domain');
    expect(linkSummary({ ...saved, allowedDomains: [] }, name)).toBe('Invite link: On · Help Desk · any email domain');
    expect(linkSummary({ ...saved, requireEmailVerification: true }, name)).toBe('Invite link: On · Help Desk · 2 domains · email verification');
    expect(linkSummary({ ...saved, enabled: false }, name)).toBe('Invite link: Off');
    expect(linkSummary({ enabled: false, available: false, unavailableReason: 'Not available - SSO is configured for this tenant.' }, name)).toBe(
      'Invite link: not available (SSO)',
    );
    expect(linkSummary({ enabled: true, available: false, unavailableReason: 'Not available - this tenant has been canceled.' }, name)).toBe(
      'Invite link: not available (tenant canceled)',
    );
  });
});
