import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { buildMessage, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { decodeCursor } from '../../application/audit-cursor';
import { parseInstant, parseTypeList } from '../../application/audit-filter';

const Accepts = (name: string, accepts: (text: string) => boolean, must: string) =>
  ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => typeof value === 'string' && accepts(value),
      defaultMessage: buildMessage((property) => `${property} ${must}`),
    },
  });

export const AUDIT_FEED_MAX_LIMIT = 1000;
export const AUDIT_FEED_DEFAULT_LIMIT = 100;

/** `GET /api/v1/msps/:mspId/audit-events`: every parameter is optional; a bad one is named in the 400. */
export class ListMspAuditEventsQueryDto {
  @ApiPropertyOptional({ description: 'Comma-separated event types, e.g. `TenantCreated,InviteLinkUpdated`', example: 'TenantCreated' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Accepts('isEventTypeList', (text) => parseTypeList(text) !== undefined, 'must be event types separated by commas, such as TenantCreated,TenantCanceled')
  type?: string;

  @ApiPropertyOptional({ description: 'ISO-8601 date or date-time with a zone; inclusive, compared at millisecond precision', example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Accepts('isAuditInstant', (text) => parseInstant(text) !== undefined, 'must be an ISO-8601 date or date-time with a zone (Z or ±hh:mm)')
  from?: string;

  @ApiPropertyOptional({ description: 'ISO-8601 date or date-time with a zone; exclusive, compared at millisecond precision', example: '2026-02-01T00:00:00Z' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Accepts('isAuditInstant', (text) => parseInstant(text) !== undefined, 'must be an ISO-8601 date or date-time with a zone (Z or ±hh:mm)')
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_FEED_MAX_LIMIT, default: AUDIT_FEED_DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_FEED_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Accepts('isAuditCursor', (text) => decodeCursor(text) !== undefined, 'must be a nextCursor returned by this feed')
  cursor?: string;
}
