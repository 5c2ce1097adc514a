import { ApiProperty } from '@nestjs/swagger';
import { MSP_PERMISSIONS } from '../../../../shared/domain/msp-permissions';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema()
export class MeMembershipResponse {
  @ApiProperty({ format: 'uuid' })
  tenantId: string;

  @ApiProperty({ example: 'member', description: 'A built-in role id or the UUID of a custom role of the tenant.' })
  roleId: string;
}

@ClosedSchema()
export class MeMspResponse {
  @ApiProperty({ format: 'uuid' })
  mspId: string;

  @ApiProperty({ enum: [...MSP_PERMISSIONS], isArray: true })
  permissions: string[];
}

@ClosedSchema()
export class MeResponse {
  @ApiProperty({ format: 'uuid', description: 'The signed-in user\'s id.' })
  id: string;

  @ApiProperty({ example: 'ada@acme.example' })
  email: string;

  @ApiProperty({ example: 'Ada' })
  firstName: string;

  @ApiProperty({ example: 'Admin' })
  lastName: string;

  @ApiProperty({ type: [MeMembershipResponse], description: 'The tenants the user is a member of, with the role in each.' })
  memberships: MeMembershipResponse[];

  @ApiProperty({ type: MeMspResponse, nullable: true, description: 'The MSP the user administers and the permissions there; null for a tenant user.' })
  msp: MeMspResponse | null;
}
