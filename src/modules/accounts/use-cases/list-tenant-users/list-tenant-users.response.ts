import { ApiProperty } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema()
export class TenantUserResponse {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ example: 'nia@acme.example' })
  email: string;

  @ApiProperty({ example: 'Nia' })
  firstName: string;

  @ApiProperty({ example: 'Newcomer' })
  lastName: string;

  @ApiProperty({ example: 'member', description: 'A built-in role id or the UUID of a custom role of the tenant.' })
  roleId: string;

  @ApiProperty({ format: 'date-time', description: 'When the user joined the tenant (UTC).' })
  joinedAt: string;

  @ApiProperty({ enum: ['invite_link', 'admin'], description: 'Through the tenant\'s invite link, or added by an admin.' })
  joinedVia: 'invite_link' | 'admin';

  @ApiProperty({ enum: ['password', 'microsoft'] })
  signInMethod: 'password' | 'microsoft';
}

@ClosedSchema()
export class TenantUsersPageResponse {
  @ApiProperty({ type: [TenantUserResponse], description: 'Newest first (joinedAt, then userId).' })
  items: TenantUserResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass it as `cursor` for the next page; null on the last page.' })
  nextCursor: string | null;
}
