import { ApiProperty } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema()
export class CreateMspAdminResponse {
  @ApiProperty({ format: 'uuid', description: 'The new admin\'s user id.' })
  id: string;
}
