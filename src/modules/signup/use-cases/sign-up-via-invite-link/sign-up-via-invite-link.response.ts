import { ApiProperty } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema()
export class SignUpResponse {
  @ApiProperty({ format: 'uuid', description: 'The new account\'s id.' })
  userId: string;

  @ApiProperty({ format: 'uuid', description: 'The tenant the account joined.' })
  tenantId: string;

  @ApiProperty({ example: 'member', description: 'The link\'s default role at the moment of joining.' })
  roleId: string;

  @ApiProperty({ enum: ['/app'], description: 'Where to send the browser next; the `session` cookie is set.' })
  redirectTo: '/app';
}

@ClosedSchema()
export class VerificationRequiredResponse {
  @ApiProperty({ enum: ['verification_required'], description: 'The link requires email verification: nothing is joined yet.' })
  status: 'verification_required';

  @ApiProperty({ format: 'email', description: 'Where the one-time verification link was sent (normalized).' })
  email: string;
}
