import { getJson } from '../shared/api';
import { el, enc } from '../shared/dom';
import { JOINED_VIA, SIGN_IN_METHODS, USERS_PAGE_SIZE, wordFor } from './admin-texts';
import type { Page, Role, User } from './api-types';
import { busy } from './dialogs';
import { messageOf, PageStatus } from './page-status';

/** The users table of /admin/tenants/:id/users, read page by page ("Load more users"). */
export interface UsersTable {
  /** Fills the table with the first page, or adds the next page to it. */
  show(data: Page<User>, reset: boolean): void;
  /** Reads the first page again (after a user was added). */
  reload(): Promise<void>;
  /** The role names the Role column shows, once the roles are known. */
  useRoles(roles: readonly Role[]): void;
}

export function usersUrl(tenantId: string, cursor: string | null): string {
  const url = `/api/v1/tenants/${enc(tenantId)}/users?limit=${USERS_PAGE_SIZE}`;
  return cursor ? `${url}&cursor=${enc(cursor)}` : url;
}

/**
 * What the table shows: `members` users so far (more to load or not), and the `pending` people
 * listed above them, who signed up and have not confirmed their email yet (not users until then).
 */
export function usersCountText(members: number, more: boolean, pending = 0): string {
  const waiting = pending > 0 ? `${pending} ${pending === 1 ? 'person' : 'people'} waiting for email confirmation` : '';
  if (members === 0) return waiting ? `No users yet; ${waiting}.` : 'No users yet.';
  return `Showing ${members}${members === 1 ? ' user' : ' users'}${waiting ? ` and ${waiting}` : ''}${more ? '; more below.' : '.'}`;
}

/** A cell's content as one node, so the phone layout (label, then value) keeps it in one place. */
function group(...parts: (string | Node)[]): HTMLSpanElement {
  const span = el('span');
  for (const part of parts) span.append(part);
  return span;
}

/** Text for screen readers only, beside what the eye sees (a dash says nothing when read out). */
function spoken(visible: string, words: string): HTMLSpanElement {
  const seen = el('span', visible);
  seen.setAttribute('aria-hidden', 'true');
  return group(seen, el('span', words, 'visually-hidden'));
}

export function usersTable(root: HTMLElement, tenantId: string, status: PageStatus): UsersTable {
  const tbody = root.querySelector('[data-users]') as HTMLTableSectionElement;
  const usersCount = root.querySelector('[data-users-count]') as HTMLElement;
  const loadMore = root.querySelector('[data-load-more]') as HTMLButtonElement;
  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  let roleNames = new Map<string, string>();
  let cursor: string | null = null;
  /** Rows in the table, pending people included (the index of the first row a page adds). */
  let shown = 0;
  let pending = 0;

  const cell = (row: HTMLTableRowElement, label: string, content: string | Node): void => {
    const td = el('td');
    td.setAttribute('data-label', label);
    if (typeof content === 'string') td.textContent = content;
    else td.appendChild(content);
    row.appendChild(td);
  };

  const timeOf = (iso: string): HTMLTimeElement => {
    const time = el('time', dateFormat.format(new Date(iso)));
    time.setAttribute('datetime', iso);
    return time;
  };

  const addRow = (user: User): void => {
    const row = el('tr');
    const name = `${user.firstName} ${user.lastName}`.trim();
    row.setAttribute('data-user-id', user.userId);
    row.setAttribute('data-joined-via', user.joinedVia);
    row.setAttribute('data-status', user.status ?? 'active');
    if (user.status === 'pending') {
      // Signed up, email not confirmed: no role and no membership yet; the link's default role
      // at the moment they confirm is the one they get.
      cell(row, 'Name', group(name, ' ', el('span', 'Pending', 'badge pending')));
      cell(row, 'Email', user.email);
      cell(row, 'Role', spoken('—', 'No role until they confirm'));
      const until = user.verificationExpiresAt;
      cell(row, 'Joined', until ? group('Waiting for email confirmation until ', timeOf(until)) : 'Waiting for email confirmation');
    } else {
      cell(row, 'Name', name);
      cell(row, 'Email', user.email);
      cell(row, 'Role', (user.roleId && roleNames.get(user.roleId)) || user.roleId || '');
      cell(row, 'Joined', user.joinedAt ? timeOf(user.joinedAt) : '');
    }
    cell(row, 'Joined via', wordFor(JOINED_VIA, user.joinedVia));
    cell(row, 'Sign-in method', wordFor(SIGN_IN_METHODS, user.signInMethod));
    tbody.appendChild(row);
  };

  const show = (data: Page<User>, reset: boolean): void => {
    if (reset) {
      tbody.textContent = '';
      shown = 0;
      pending = 0;
    }
    const items = data.items ?? [];
    items.forEach(addRow);
    shown += items.length;
    pending += items.filter((user) => user.status === 'pending').length;
    cursor = data.nextCursor || null;
    loadMore.hidden = !cursor;
    usersCount.textContent = usersCountText(shown - pending, cursor !== null, pending);
  };

  loadMore.addEventListener('click', () => {
    busy(loadMore, true);
    getJson<Page<User>>(usersUrl(tenantId, cursor))
      .then((data) => {
        const firstNew = shown;
        show(data, false);
        // Focus moves to the first new row, so a keyboard user continues where the list grew.
        const row = tbody.rows[firstNew];
        if (row) {
          row.tabIndex = -1;
          row.focus();
        }
      })
      .catch((error: unknown) => status.fail('Could not load more users', messageOf(error)))
      .then(() => busy(loadMore, false));
  });

  return {
    show,
    reload: async () => {
      cursor = null;
      show(await getJson<Page<User>>(usersUrl(tenantId, cursor)), true);
    },
    useRoles: (roles) => {
      roleNames = new Map(roles.map((role) => [role.id, role.name]));
    },
  };
}
