import { getJson } from '../shared/api';
import { enc } from '../shared/dom';
import type { Names } from './describe-change';

interface Page<T> {
  readonly items?: readonly T[];
  readonly nextCursor?: string | null;
}

/** Pages of users read at most, so a huge tenant cannot keep the page loading for long. */
const MAX_USER_PAGES = 50;

/**
 * The role and user names the timeline shows instead of ids, read from the API. Names are a
 * nicety: until (or unless) they load, the ids are shown.
 */
export class NameBook implements Names {
  private readonly roles = new Map<string, string>();
  private readonly people = new Map<string, string>();

  role(id: unknown): string {
    if (id === null || id === undefined) return 'none';
    return this.roles.get(String(id)) ?? String(id);
  }

  person(id: unknown): string {
    return this.people.get(String(id)) ?? `User ${String(id)}`;
  }

  /** The person's name when known (for the actor of a join), else undefined. */
  knownPerson(id: string): string | undefined {
    return this.people.get(id);
  }

  addRoles(roles: readonly { id: string; name: string }[]): void {
    for (const role of roles) this.roles.set(role.id, role.name);
  }

  addPeople(users: readonly { userId: string; firstName?: string; lastName?: string; email?: string }[]): void {
    for (const user of users) {
      const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
      this.people.set(user.userId, name || user.email || user.userId);
    }
  }

  async loadRoles(tenantApi: string): Promise<void> {
    const body = await getJson<Page<{ id: string; name: string }> | null>(`${tenantApi}/roles`);
    this.addRoles(body?.items ?? []);
  }

  async loadPeople(tenantApi: string): Promise<void> {
    let cursor: string | null = null;
    for (let pages = 0; pages < MAX_USER_PAGES; pages += 1) {
      const url: string = `${tenantApi}/users?limit=100${cursor ? `&cursor=${enc(cursor)}` : ''}`;
      const page: Page<{ userId: string; firstName?: string; lastName?: string; email?: string }> | null = await getJson(url);
      this.addPeople(page?.items ?? []);
      cursor = page?.nextCursor || null;
      if (!cursor) return;
    }
  }
}
