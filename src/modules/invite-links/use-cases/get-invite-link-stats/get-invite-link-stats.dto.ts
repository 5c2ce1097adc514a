import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { STATS_DAYS } from './get-invite-link-stats.query';

const DAYS_MESSAGE = `days must be an integer from ${STATS_DAYS.min} to ${STATS_DAYS.max}`;

/**
 * `days`: digits only, as `limit` of the audit reads ("1e2", " 5" or "5.0" are not what a client
 * meant), within STATS_DAYS. Undefined when the text is not one; an array (the parameter given
 * twice) is not text.
 */
export function parseDays(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^[0-9]{1,3}$/.test(value)) return undefined;
  const days = Number(value);
  return days >= STATS_DAYS.min && days <= STATS_DAYS.max ? days : undefined;
}

/** `GET /api/v1/tenants/:tenantId/invite-link/stats`. */
export class InviteLinkStatsQueryDto {
  @ApiPropertyOptional({
    type: Number,
    minimum: STATS_DAYS.min,
    maximum: STATS_DAYS.max,
    default: STATS_DAYS.default,
    description: 'UTC days to cover, ending today: an integer written with digits only',
  })
  @IsOptional()
  @ValidateBy({ name: 'isStatsDays', validator: { validate: (value: unknown) => parseDays(value) !== undefined, defaultMessage: () => DAYS_MESSAGE } })
  days?: string;
}
