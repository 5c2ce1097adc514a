import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema('Who made a change; `id` is the acting account, absent for the operator and the system.')
export class HistoryActorResponse {
  @ApiProperty({ enum: ['operator', 'msp_admin', 'new_user', 'user', 'system'] })
  type: string;

  @ApiPropertyOptional({ format: 'uuid' })
  id?: string;
}

@ClosedSchema()
export class HistoryItemResponse {
  @ApiProperty({ format: 'uuid', description: 'The event\'s id.' })
  id: string;

  @ApiProperty({ example: 'InviteLinkEnabled', description: 'The event type (docs/events.md).' })
  type: string;

  @ApiProperty({ format: 'date-time', description: 'When the change was decided.' })
  at: string;

  @ApiProperty({ type: HistoryActorResponse })
  actor: HistoryActorResponse;

  @ApiProperty({ example: 'Ada Admin <ada@acme.example>', description: '"First Last <email>" for people, "Operator" or "System" otherwise.' })
  actorName: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { generation: 1 },
    description: 'The event\'s data without its secret fields, as the current schema version of its type reads it.',
  })
  data: Record<string, unknown>;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'The event\'s 0-based position in the tenant stream.' })
  revision: number;

  @ApiProperty({ description: 'The request id (X-Request-Id) that wrote it.' })
  correlationId: string;
}

@ClosedSchema()
export class HistoryPageResponse {
  @ApiProperty({ type: [HistoryItemResponse] })
  items: HistoryItemResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass it as `cursor`, with the same `order`, for the next page; null on the page that holds the last item.',
  })
  nextCursor: string | null;
}
