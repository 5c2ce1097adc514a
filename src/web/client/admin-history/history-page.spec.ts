import { loadProblem } from './history-texts';
import { NameBook } from './names';
import { availableText, emailVerificationText, pickerProblem } from './state-at';
import { inputValueOf } from './time';
import { countText, personOf } from './timeline';

describe('the history page', () => {
  it('counts the changes shown, says when older ones are left to load, and words a filter', () => {
    expect(countText(0, false, false)).toBe('No changes yet: the invite link has never been configured.');
    expect(countText(0, false, true)).toBe('No changes of this type.');
    expect(countText(1, false, false)).toBe('Showing all 1 change, newest first.');
    expect(countText(5, false, false)).toBe('Showing all 5 changes, newest first.');
    expect(countText(2, false, true)).toBe('Showing all 2 changes of this type, newest first.');
    expect(countText(50, true, false)).toBe('Showing the newest 50 changes. Older changes load with "Show older changes".');
    expect(countText(100, true, true)).toBe('Showing the newest 100 changes of this type. Older changes load with "Show older changes".');
  });

  it("names the people who acted from the items' actorName, without the email address", () => {
    const names = new NameBook();
    names.addActors([
      { type: 'MemberJoinedViaInviteLink', at: '', actor: { type: 'new_user', id: 'u1' }, actorName: 'Ada Lovelace <ada@example.com>' },
      { type: 'InviteLinkEnabled', at: '', actor: { type: 'operator' }, actorName: 'Operator' },
      { type: 'InviteLinkEnabled', at: '', actor: { type: 'msp_admin', id: 'u2' } },
    ]);
    expect(names.person('u1')).toBe('Ada Lovelace');
    expect(names.person('u2')).toBe('User u2');
  });

  it('refuses an empty, incomplete, invalid or future instant before asking the server', () => {
    const now = new Date(2026, 0, 15, 12, 0, 0).getTime();
    expect(pickerProblem('', false, now)).toBe('Enter a date and time.');
    expect(pickerProblem('', true, now)).toBe('Enter a complete date and time: day, month, year, hours and minutes.');
    expect(pickerProblem('2026-13-45T99:00', false, now)).toBe('Enter a valid date and time.');
    expect(pickerProblem('2026-01-15T12:00:01', false, now)).toBe('Pick an instant in the past: the history cannot show the future.');
    expect(pickerProblem('2026-01-15T12:00:00', false, now)).toBeNull();
  });

  it('puts an instant into the picker in local time, to the second', () => {
    expect(inputValueOf(new Date(2026, 2, 4, 5, 6, 7))).toBe('2026-03-04T05:06:07');
    expect(inputValueOf(new Date(2025, 11, 31, 23, 59, 59))).toBe('2025-12-31T23:59:59');
  });

  it('explains a failed load by status, with one sentence for the rest', () => {
    expect(loadProblem(0)).toMatch(/could not be reached/);
    expect(loadProblem(401)).toMatch(/session has ended/);
    expect(loadProblem(500)).toBe('The history could not be loaded. Reload the page to try again.');
    expect(loadProblem(null)).toBe('The history could not be loaded. Reload the page to try again.');
  });

  it('splits the API\'s "First Last <email>" into a name and an email, and leaves "Operator" and "System" whole', () => {
    expect(personOf('Ada Admin <ada@example.com>')).toEqual({ name: 'Ada Admin', email: 'ada@example.com' });
    expect(personOf('Operator')).toBeNull();
    expect(personOf('System')).toBeNull();
    expect(personOf(null)).toBeNull();
  });

  it('says whether email verification was required, and nothing for an answer without it', () => {
    expect(emailVerificationText({ requireEmailVerification: true })).toBe('Required for password signups');
    expect(emailVerificationText({ requireEmailVerification: false })).toBe('Not required');
    expect(emailVerificationText({})).toBeNull();
  });

  it('explains "Available" in words, with the reason the tenant gave', () => {
    expect(availableText({ available: true })).toBe('Yes: the tenant allows invite links (no SSO, not canceled)');
    expect(availableText({ available: false, unavailableReason: 'Not available - SSO is configured for this tenant.' })).toBe('No: SSO is configured for this tenant.');
    expect(availableText({ available: false, unavailableReason: null })).toBe('No: the tenant does not allow invite links');
  });
});
