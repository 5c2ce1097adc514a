import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '../../../../shared/application/clock';
import { DailyJoins, READ_MODELS, ReadModels } from '../../../../shared/application/read-models.port';
import { TenantAccess } from '../../../accounts/auth/tenant-access.service';
import { DayStats, GetInviteLinkStatsQuery, InviteLinkStats, RoleStats } from './get-invite-link-stats.query';
import { statsWindow } from './stats-window';

/**
 * Joins through a tenant's invite link per UTC day, from the daily-signups read model. Access is
 * decided on the write side, exactly as for the history (R20); the window ends today by the
 * app's clock, so tests that move the clock move the window with it.
 */
@QueryHandler(GetInviteLinkStatsQuery)
export class GetInviteLinkStatsHandler implements IQueryHandler<GetInviteLinkStatsQuery> {
  constructor(
    private readonly access: TenantAccess,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caller, tenantId, days }: GetInviteLinkStatsQuery): Promise<InviteLinkStats> {
    await this.access.requireTenant(caller.principal, tenantId, 'read');
    const window = statsWindow(this.clock.now(), days);
    const rows = await this.readModels.joinsPerDay(tenantId, window.fromDay, window.toDayExclusive);
    return summarize(window.days, rows);
  }
}

/** The read model's rows (days without joins have none) spread over every day of the window. */
export function summarize(days: readonly string[], rows: readonly DailyJoins[]): InviteLinkStats {
  const byDay = new Map<string, DayStats>(days.map((day) => [day, { day, joins: 0, byMethod: { password: 0, microsoft: 0 } }]));
  const byRole = new Map<string, RoleStats>();
  /** The day each role's name was read from: a role renamed within the window shows its latest name. */
  const namedOn = new Map<string, string>();
  let joins = 0;
  for (const row of rows) {
    const day = byDay.get(row.day);
    // A row outside the window would count in the totals but in no day: the answer must add up.
    if (!day) continue;
    day.joins += row.count;
    day.byMethod[row.method] += row.count;
    joins += row.count;
    const role = byRole.get(row.roleId) ?? { roleId: row.roleId, roleName: row.roleName, joins: 0 };
    role.joins += row.count;
    if (row.day >= (namedOn.get(row.roleId) ?? '')) {
      role.roleName = row.roleName;
      namedOn.set(row.roleId, row.day);
    }
    byRole.set(row.roleId, role);
  }
  const roles = [...byRole.values()].sort((a, b) => b.joins - a.joins || compare(a.roleName, b.roleName) || compare(a.roleId, b.roleId));
  return { days: [...byDay.values()], totals: { joins, byRole: roles } };
}

/** Code-unit order: the same on every server, whatever its locale. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
