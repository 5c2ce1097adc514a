import { ApiProperty } from '@nestjs/swagger';
import { ClosedSchema } from '../../../../shared/http/api-responses';

@ClosedSchema()
export class SsoSettingsResponse {
  @ApiProperty({ enum: ['saml'] })
  protocol: 'saml';

  @ApiProperty({ example: 'https://idp.example.net/metadata', description: 'The entity id, trimmed.' })
  entityId: string;

  @ApiProperty({ example: 'https://idp.example.net/sso' })
  ssoUrl: string;
}

@ClosedSchema()
export class ConfigureSsoResponse {
  @ApiProperty({ format: 'uuid' })
  tenantId: string;

  @ApiProperty({ type: SsoSettingsResponse })
  sso: SsoSettingsResponse;
}
