import { ApiProperty } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema()
export class TenantSummaryResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Acme Corp' })
  name: string;

  @ApiProperty({ enum: ['active', 'canceled'] })
  status: 'active' | 'canceled';
}

@ClosedSchema()
export class TenantListResponse {
  @ApiProperty({ type: [TenantSummaryResponse], description: 'Every tenant of the MSP, oldest first.' })
  items: TenantSummaryResponse[];
}
