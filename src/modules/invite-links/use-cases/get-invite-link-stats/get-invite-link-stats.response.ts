import { ApiProperty } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

/** The 200 answer as the OpenAPI document describes it (the handler returns InviteLinkStats). */
@ClosedSchema()
export class InviteLinkStatsJoinsByMethod {
  @ApiProperty({ type: 'integer', minimum: 0 })
  password: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  microsoft: number;
}

@ClosedSchema()
export class InviteLinkStatsDay {
  @ApiProperty({ format: 'date', example: '2026-05-11', description: 'UTC day' })
  day: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Joins through the invite link on that day' })
  joins: number;

  @ApiProperty({ type: InviteLinkStatsJoinsByMethod })
  byMethod: InviteLinkStatsJoinsByMethod;
}

@ClosedSchema()
export class InviteLinkStatsRole {
  @ApiProperty({ example: 'member' })
  roleId: string;

  @ApiProperty({ example: 'Member', description: 'The role name as of the last day with a join with it in the window' })
  roleName: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  joins: number;
}

@ClosedSchema()
export class InviteLinkStatsTotals {
  @ApiProperty({ type: 'integer', minimum: 0 })
  joins: number;

  @ApiProperty({ type: [InviteLinkStatsRole], description: 'Roles the joiners got, most joins first; roles without joins in the window are left out' })
  byRole: InviteLinkStatsRole[];
}

@ClosedSchema()
export class InviteLinkStatsResponse {
  @ApiProperty({ type: [InviteLinkStatsDay], description: 'Every day of the window, oldest first, days without joins included with 0' })
  days: InviteLinkStatsDay[];

  @ApiProperty({ type: InviteLinkStatsTotals, description: 'Over the whole window' })
  totals: InviteLinkStatsTotals;
}
