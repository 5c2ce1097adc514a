import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { IsEmailAddress } from '../../../shared/http/email-address.decorator';
import { NAME_MAX_LENGTH, RequiredText } from '../../../shared/http/required-text.decorator';
import { MSP_PERMISSIONS, MspPermission } from '../../../shared/domain/msp-permissions';

export class AccountDto {
  @ApiProperty({ example: 'dana@acme.example' })
  @IsString()
  @MaxLength(254)
  @IsEmailAddress()
  email: string;

  @ApiProperty({ description: '8–128 characters with upper- and lower-case letters, a digit and a special character' })
  @IsString()
  @MaxLength(1024)
  password: string;

  @ApiProperty({ example: 'Dana' })
  @RequiredText(NAME_MAX_LENGTH.person)
  firstName: string;

  @ApiProperty({ example: 'Scully' })
  @RequiredText(NAME_MAX_LENGTH.person)
  lastName: string;
}

export class CreateMspAdminDto extends AccountDto {
  @ApiProperty({ enum: MSP_PERMISSIONS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MSP_PERMISSIONS.length)
  @IsIn(MSP_PERMISSIONS, { each: true, message: `each value in permissions must be one of ${MSP_PERMISSIONS.join(', ')}` })
  permissions: MspPermission[];
}

export class AddTenantUserDto extends AccountDto {
  @ApiProperty({ example: 'member' })
  @IsString()
  @Length(1, 100)
  roleId: string;
}

export class ListUsersQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class SignInDto {
  @ApiProperty()
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  password: string;
}
