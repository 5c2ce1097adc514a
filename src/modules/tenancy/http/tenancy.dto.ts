import { ApiProperty } from '@nestjs/swagger';
import { Equals, IsString, IsUrl, Length, Matches } from 'class-validator';

const NOT_BLANK = /\S/;

export class CreateMspDto {
  @ApiProperty({ example: 'Contoso IT Services' })
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;
}

export class CreateTenantDto {
  @ApiProperty({ example: 'Acme Corp' })
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;
}

export class CreateRoleDto {
  @ApiProperty({ example: 'Help Desk' })
  @IsString()
  @Length(1, 100)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;
}

export class ConfigureSsoDto {
  @ApiProperty({ enum: ['saml'] })
  @Equals('saml', { message: 'protocol must be "saml"' })
  protocol: 'saml';

  @ApiProperty({ example: 'https://idp.example.com/metadata' })
  @IsString()
  @Length(1, 1024)
  @Matches(NOT_BLANK, { message: 'entityId must not be blank' })
  entityId: string;

  @ApiProperty({ example: 'https://idp.example.com/sso' })
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false }, { message: 'ssoUrl must be an http(s) URL' })
  @Length(1, 2048)
  ssoUrl: string;
}
