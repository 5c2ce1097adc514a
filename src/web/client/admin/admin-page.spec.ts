import { countDomains, MAX_ALLOWED_DOMAINS } from './domain-list';
import { savedMessage } from './invite-link-dialog';
import { usersCountText, usersUrl } from './users-table';

describe('the admin users page', () => {
  it('counts distinct domains in the box, whatever separates them', () => {
    expect(countDomains('')).toBe(0);
    expect(countDomains('  \n , ')).toBe(0);
    expect(countDomains('a.com\nB.com, @a.com  c.com')).toBe(3);
    const many = Array.from({ length: MAX_ALLOWED_DOMAINS + 1 }, (_, i) => `d${i}.com`).join('\n');
    expect(countDomains(many)).toBe(51);
  });

  it('says what a save changed', () => {
    expect(savedMessage(false, true)).toBe('Saved. Automatic Account Creation is on: copy the link and share it.');
    expect(savedMessage(true, false)).toBe('Saved. Automatic Account Creation is off: the link no longer works.');
    expect(savedMessage(true, true)).toBe('Saved.');
  });

  it('pages the users with an escaped cursor and says how many are shown', () => {
    expect(usersUrl('t 1', null)).toBe('/api/v1/tenants/t%201/users?limit=20');
    expect(usersUrl('t1', 'a/b')).toBe('/api/v1/tenants/t1/users?limit=20&cursor=a%2Fb');
    expect(usersCountText(0, false)).toBe('No users yet.');
    expect(usersCountText(1, false)).toBe('Showing 1 user.');
    expect(usersCountText(20, true)).toBe('Showing 20 users; more below.');
  });

  it('counts the people waiting for their email confirmation apart from the users', () => {
    expect(usersCountText(0, false, 1)).toBe('No users yet; 1 person waiting for email confirmation.');
    expect(usersCountText(1, false, 2)).toBe('Showing 1 user and 2 people waiting for email confirmation.');
    expect(usersCountText(20, true, 1)).toBe('Showing 20 users and 1 person waiting for email confirmation; more below.');
    expect(usersCountText(3, false, 0)).toBe('Showing 3 users.');
  });
});
