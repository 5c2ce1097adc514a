import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { AuditQueryParameters, FromParameter, LimitParameter, ToParameter, TypeParameter } from '../../../../shared/http/audit-query.decorators';
import { HISTORY_EVENT_TYPES } from './history-event-types';

/**
 * `GET /api/v1/tenants/:tenantId/invite-link/history`: `type`, `from`, `to` and `limit` are the
 * audit reads' shared parameters (the MSP audit feed takes the same); `cursor` and `order` are the
 * history's own.
 */
export class InviteLinkHistoryQueryDto implements AuditQueryParameters {
  @TypeParameter(HISTORY_EVENT_TYPES)
  type?: string;

  @FromParameter()
  from?: string;

  @ToParameter()
  to?: string;

  @LimitParameter()
  limit?: string;

  @ApiPropertyOptional({ description: 'Opaque: the nextCursor of the previous page, with the same order' })
  @IsOptional()
  @IsString({ message: 'cursor must be the nextCursor of a previous page' })
  @MaxLength(512, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'asc: oldest first (the default); desc: newest first' })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'order must be asc or desc' })
  order?: 'asc' | 'desc';
}
