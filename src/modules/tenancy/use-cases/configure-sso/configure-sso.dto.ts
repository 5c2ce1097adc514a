import { ApiProperty } from '@nestjs/swagger';
import { Equals, IsString, Length } from 'class-validator';
import { IsAbsoluteUri, IsHttpsUrl } from '../../../../shared/http/uri.decorators';

export class ConfigureSsoDto {
  @ApiProperty({ enum: ['saml'] })
  @Equals('saml', { message: 'protocol must be "saml"' })
  protocol: 'saml';

  @ApiProperty({ description: 'An absolute URI with a scheme, such as an https URL or a urn:', example: 'https://idp.example.com/metadata', maxLength: 1024 })
  @IsString()
  @Length(1, 1024)
  @IsAbsoluteUri()
  entityId: string;

  @ApiProperty({ description: 'An https URL', example: 'https://idp.example.com/sso', maxLength: 2048 })
  @IsString()
  @Length(1, 2048)
  @IsHttpsUrl()
  ssoUrl: string;
}
