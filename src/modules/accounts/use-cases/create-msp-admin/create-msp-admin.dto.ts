import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn } from 'class-validator';
import { MSP_PERMISSIONS, MspPermission } from '../../../../shared/domain/msp-permissions';
import { AccountDto } from '../account.dto';

export class CreateMspAdminDto extends AccountDto {
  @ApiProperty({ enum: MSP_PERMISSIONS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MSP_PERMISSIONS.length)
  @IsIn(MSP_PERMISSIONS, { each: true, message: `each value in permissions must be one of ${MSP_PERMISSIONS.join(', ')}` })
  permissions: MspPermission[];
}
