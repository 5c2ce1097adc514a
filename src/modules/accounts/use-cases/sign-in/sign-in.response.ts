import { ApiProperty } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema()
export class SignInResponse {
  @ApiProperty({ description: 'Session token (an HS256 JWT): send it as `Authorization: Bearer <token>`. The same token is set as the `session` cookie.' })
  accessToken: string;
}
