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

export function usersCountText(shown: number, more: boolean): string {
  if (shown === 0) return 'No users yet.';
  return `Showing ${shown}${shown === 1 ? ' user' : ' users'}${more ? '; more below.' : '.'}`;
}

export function usersTable(root: HTMLElement, tenantId: string, status: PageStatus): UsersTable {
  const tbody = root.querySelector('[data-users]') as HTMLTableSectionElement;
  const usersCount = root.querySelector('[data-users-count]') as HTMLElement;
  const loadMore = root.querySelector('[data-load-more]') as HTMLButtonElement;
  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  let roleNames = new Map<string, string>();
  let cursor: string | null = null;
  let shown = 0;

  const cell = (row: HTMLTableRowElement, label: string, content: string | Node): void => {
    const td = el('td');
    td.setAttribute('data-label', label);
    if (typeof content === 'string') td.textContent = content;
    else td.appendChild(content);
    row.appendChild(td);
  };

  const addRow = (user: User): void => {
    const row = el('tr');
    row.setAttribute('data-user-id', user.userId);
    row.setAttribute('data-joined-via', user.joinedVia);
    cell(row, 'Name', `${user.firstName} ${user.lastName}`.trim());
    cell(row, 'Email', user.email);
    cell(row, 'Role', roleNames.get(user.roleId) || user.roleId);
    const time = el('time', dateFormat.format(new Date(user.joinedAt)));
    time.setAttribute('datetime', user.joinedAt);
    cell(row, 'Joined', time);
    cell(row, 'Joined via', wordFor(JOINED_VIA, user.joinedVia));
    cell(row, 'Sign-in method', wordFor(SIGN_IN_METHODS, user.signInMethod));
    tbody.appendChild(row);
  };

  const show = (data: Page<User>, reset: boolean): void => {
    if (reset) {
      tbody.textContent = '';
      shown = 0;
    }
    const items = data.items ?? [];
    items.forEach(addRow);
    shown += items.length;
    cursor = data.nextCursor || null;
    loadMore.hidden = !cursor;
    usersCount.textContent = usersCountText(shown, cursor !== null);
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
