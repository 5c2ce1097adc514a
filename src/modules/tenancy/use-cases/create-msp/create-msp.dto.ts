import { ApiProperty } from '@nestjs/swagger';
import { NAME_MAX_LENGTH, RequiredText } from '../../../../shared/http/required-text.decorator';

export class CreateMspDto {
  @ApiProperty({ example: 'Contoso IT Services', maxLength: NAME_MAX_LENGTH.organization })
  @RequiredText(NAME_MAX_LENGTH.organization)
  name: string;
}
