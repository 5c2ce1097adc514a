import { getJson } from '../shared/api';
import type { HistoryItem, Names } from './describe-change';

/**
 * The role and people names the timeline shows instead of ids. Roles are read from the API;
 * people are named by the history itself (each item's `actorName`). Names are a nicety: until
 * (or unless) they are known, the ids are shown.
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

  addRoles(roles: readonly { id: string; name: string }[]): void {
    for (const role of roles) this.roles.set(role.id, role.name);
  }

  /** People who acted: "First Last <email>" without the address, as the join sentence names them. */
  addActors(items: readonly HistoryItem[]): void {
    for (const item of items) {
      const id = item.actor?.id;
      if (!id || !item.actorName) continue;
      this.people.set(id, item.actorName.replace(/\s*<[^<>]*>$/, '') || item.actorName);
    }
  }

  async loadRoles(tenantApi: string): Promise<void> {
    const body = await getJson<{ items?: readonly { id: string; name: string }[] } | null>(`${tenantApi}/roles`);
    this.addRoles(body?.items ?? []);
  }
}
