import { ApiProperty } from '@nestjs/swagger';
import { NAME_MAX_LENGTH, RequiredText } from '../../../../shared/http/required-text.decorator';

export class CreateRoleDto {
  @ApiProperty({ example: 'Help Desk', maxLength: NAME_MAX_LENGTH.role })
  @RequiredText(NAME_MAX_LENGTH.role)
  name: string;
}
