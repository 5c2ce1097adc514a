import { ApiProperty } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema()
export class CreateMspResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Contoso IT Services', description: 'The name as given, trimmed.' })
  name: string;
}
