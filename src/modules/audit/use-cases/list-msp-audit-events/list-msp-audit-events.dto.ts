import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { AuditQueryParameters, FromParameter, LimitParameter, ToParameter, TypeParameter } from '../../../../shared/http/audit-query.decorators';
import { decodeCursor } from '../../application/audit-cursor';
import { EVENT_TYPES } from '../../domain/event-types';

const CURSOR_MESSAGE = 'cursor must be the nextCursor of a previous page of this feed';

/**
 * `GET /api/v1/msps/:mspId/audit-events`: `type`, `from`, `to` and `limit` are the audit reads'
 * shared parameters (the invite-link history takes the same); `cursor` is the feed's own.
 */
export class ListMspAuditEventsQueryDto implements AuditQueryParameters {
  @TypeParameter(EVENT_TYPES)
  type?: string;

  @FromParameter()
  from?: string;

  @ToParameter()
  to?: string;

  @LimitParameter()
  limit?: string;

  @ApiPropertyOptional({ description: 'Opaque: the nextCursor of the previous page' })
  @IsOptional()
  @IsString({ message: CURSOR_MESSAGE })
  @MaxLength(64, { message: CURSOR_MESSAGE })
  @ValidateBy({
    name: 'isAuditFeedCursor',
    validator: { validate: (value: unknown) => typeof value === 'string' && decodeCursor(value) !== undefined, defaultMessage: () => CURSOR_MESSAGE },
  })
  cursor?: string;
}
