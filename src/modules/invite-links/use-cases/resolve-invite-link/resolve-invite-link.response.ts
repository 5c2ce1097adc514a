import { ApiProperty } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema()
export class ResolvedInviteLinkResponse {
  @ApiProperty({ example: 'Acme Corp', description: 'The name of the tenant the link joins.' })
  organizationName: string;

  @ApiProperty({
    enum: ['password', 'microsoft'],
    isArray: true,
    example: ['password'],
    description: '`password` always; `microsoft` too when the service is set up for Microsoft sign-in.',
  })
  signupMethods: ('password' | 'microsoft')[];
}
