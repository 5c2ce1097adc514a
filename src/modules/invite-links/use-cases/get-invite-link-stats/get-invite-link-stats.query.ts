import { Query } from '@nestjs/cqrs';
import { Caller } from '../../../../shared/application/request-context';

/** How many days `?days=` may ask for: a year and its leap day at most, a month by default. */
export const STATS_DAYS = { min: 1, max: 366, default: 30 } as const;

/** One UTC day of the window (docs/http-api.md). */
export interface DayStats {
  /** 'YYYY-MM-DD', UTC. */
  day: string;
  joins: number;
  byMethod: { password: number; microsoft: number };
}

export interface RoleStats {
  roleId: string;
  roleName: string;
  joins: number;
}

export interface InviteLinkStats {
  /** Every day of the window, oldest first, days without joins included. */
  days: DayStats[];
  /** Over the whole window; roles with most joins first. */
  totals: { joins: number; byRole: RoleStats[] };
}

export class GetInviteLinkStatsQuery extends Query<InviteLinkStats> {
  constructor(
    readonly caller: Caller,
    readonly tenantId: string,
    /** The window's length in days, ending today (UTC); already within STATS_DAYS. */
    readonly days: number = STATS_DAYS.default,
  ) {
    super();
  }
}
