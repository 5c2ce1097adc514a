import { ApiProperty } from '@nestjs/swagger';
import { Equals, IsUrl, Length } from 'class-validator';
import { RequiredText } from '../../../web/http/required-text.decorator';

export class CreateMspDto {
  @ApiProperty({ example: 'Contoso IT Services' })
  @RequiredText(200)
  name: string;
}

export class CreateTenantDto {
  @ApiProperty({ example: 'Acme Corp' })
  @RequiredText(200)
  name: string;
}

export class CreateRoleDto {
  @ApiProperty({ example: 'Help Desk' })
  @RequiredText(100)
  name: string;
}

export class ConfigureSsoDto {
  @ApiProperty({ enum: ['saml'] })
  @Equals('saml', { message: 'protocol must be "saml"' })
  protocol: 'saml';

  @ApiProperty({ example: 'https://idp.example.com/metadata' })
  @RequiredText(1024)
  entityId: string;

  @ApiProperty({ example: 'https://idp.example.com/sso' })
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false }, { message: 'ssoUrl must be an http(s) URL' })
  @Length(1, 2048)
  ssoUrl: string;
}
