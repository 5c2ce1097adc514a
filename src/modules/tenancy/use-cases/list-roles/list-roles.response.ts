import { ApiProperty } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema()
export class RoleResponse {
  @ApiProperty({ example: 'member', description: 'tenant_admin, technician, member, read_only, or the UUID of a custom role.' })
  id: string;

  @ApiProperty({ example: 'Member' })
  name: string;

  @ApiProperty({ description: 'True for the four roles every tenant starts with.' })
  builtIn: boolean;
}

@ClosedSchema()
export class RoleListResponse {
  @ApiProperty({ type: [RoleResponse], description: 'Built-in roles in their fixed order, then custom roles oldest first.' })
  items: RoleResponse[];
}
