import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'member',
    description: 'A built-in role id or the UUID of a custom role of the tenant; null while `pending` (the role is the link\'s default when they confirm).',
  })
  roleId: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the user joined the tenant (UTC); null while `pending`.' })
  joinedAt: string | null;

  @ApiProperty({ enum: ['invite_link', 'admin'], description: 'Through the tenant\'s invite link, or added by an admin.' })
  joinedVia: 'invite_link' | 'admin';

  @ApiProperty({ enum: ['password', 'microsoft'] })
  signInMethod: 'password' | 'microsoft';

  @ApiProperty({
    enum: ['active', 'pending'],
    description: '`pending`: signed up through an invite link that requires email verification and has not confirmed yet (not a member until then).',
  })
  status: 'active' | 'pending';

  @ApiPropertyOptional({ format: 'date-time', description: 'Pending people only: when they signed up (UTC).' })
  signedUpAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Pending people only: when their verification link stops working (UTC).' })
  verificationExpiresAt?: string;
}

@ClosedSchema()
export class TenantUsersPageResponse {
  @ApiProperty({
    type: [TenantUserResponse],
    description:
      'The first page starts with the people waiting for their email confirmation (`status: "pending"`, newest first, at most 100), then the members, newest first (joinedAt, then userId); `limit` counts members. Later pages hold members only.',
  })
  items: TenantUserResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass it as `cursor` for the next page; null on the last page.' })
  nextCursor: string | null;
}
