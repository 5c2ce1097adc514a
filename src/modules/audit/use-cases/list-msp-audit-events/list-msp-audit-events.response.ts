import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

const SHA256_HEX = '^[0-9a-f]{64}$';

@ClosedSchema('One event of the MSP as a CloudEvents 1.0 event in structured JSON, with what its audit hash covers.')
export class AuditEventResponse {
  @ApiProperty({ enum: ['1.0'] })
  specversion: '1.0';

  @ApiProperty({ format: 'uuid', description: 'The event id.' })
  id: string;

  @ApiProperty({ example: '/msps/<mspId>/tenants/<tenantId>', description: '`/msps/<mspId>` for the MSP\'s own streams, `/msps/<mspId>/tenants/<tenantId>` for a tenant\'s.' })
  source: string;

  @ApiProperty({ example: 'InviteLinkEnabled', description: 'The event type (docs/events.md).' })
  type: string;

  @ApiProperty({ example: 'tenant-<tenantId>', description: 'The stream.' })
  subject: string;

  @ApiProperty({ format: 'date-time', description: 'When the change was decided, exactly as stored.' })
  time: string;

  @ApiProperty({ enum: ['application/json'] })
  datacontenttype: 'application/json';

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The payload without its secret fields.' })
  data: Record<string, unknown>;

  @ApiProperty({ enum: ['operator', 'msp_admin', 'new_user', 'user', 'system'] })
  actortype: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The acting account; absent for the operator and the system.' })
  actorid?: string;

  @ApiProperty({ description: 'The request that caused it.' })
  correlationid: string;

  @ApiPropertyOptional({ description: 'The event that caused it, when there is one.' })
  causationid?: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The payload\'s schema version.' })
  schemaversion: number;

  @ApiProperty({ pattern: '^(0|[1-9][0-9]*)$', description: 'The global position, a decimal string without leading zeros.' })
  sequence: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'The event\'s 0-based revision in its stream.' })
  streamrevision: number;

  @ApiPropertyOptional({ pattern: SHA256_HEX, description: 'sha256 of the canonical secret fields `data` leaves out; absent when there are none.' })
  secretdigest?: string;

  @ApiPropertyOptional({ pattern: SHA256_HEX, description: 'The hash of the previous event of the stream; absent where the chain starts.' })
  prevhash?: string;

  @ApiPropertyOptional({ pattern: SHA256_HEX, description: 'The event\'s hash as stored; absent on events written before the chain.' })
  eventhash?: string;
}

@ClosedSchema()
export class AuditEventsPageResponse {
  @ApiProperty({ type: [AuditEventResponse], description: 'Oldest first (global order).' })
  items: AuditEventResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass it as `cursor` for the next page; null once the end of the log is reached.' })
  nextCursor: string | null;
}
