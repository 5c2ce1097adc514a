import { ApiProperty } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema()
export class CreateRoleResponse {
  @ApiProperty({ format: 'uuid', description: 'The custom role\'s id: use it as `roleId` or `defaultRoleId`.' })
  id: string;

  @ApiProperty({ example: 'Help Desk', description: 'The name as given, trimmed.' })
  name: string;

  @ApiProperty({ enum: [false], description: 'Always false: roles created here are custom.' })
  builtIn: false;
}
