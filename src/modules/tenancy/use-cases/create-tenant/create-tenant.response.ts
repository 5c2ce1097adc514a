import { ApiProperty } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema()
export class CreateTenantResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Acme Corp', description: 'The name as given, trimmed.' })
  name: string;

  @ApiProperty({ format: 'uuid' })
  mspId: string;
}
