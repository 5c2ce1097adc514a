import { ApiProperty } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema()
export class CancelTenantResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Acme Corp' })
  name: string;

  @ApiProperty({ enum: ['canceled'] })
  status: 'canceled';
}
