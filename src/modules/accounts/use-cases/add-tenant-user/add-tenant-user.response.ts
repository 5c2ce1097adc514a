import { ApiProperty } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema()
export class AddTenantUserResponse {
  @ApiProperty({ format: 'uuid', description: 'The new user\'s id; the user is listed with `joinedVia: "admin"`.' })
  userId: string;
}
