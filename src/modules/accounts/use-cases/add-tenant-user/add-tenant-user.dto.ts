import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { AccountDto } from '../account.dto';

export class AddTenantUserDto extends AccountDto {
  @ApiProperty({ example: 'member' })
  @IsString()
  @Length(1, 100)
  roleId: string;
}
