import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class ConfirmEmailDto {
  @ApiProperty({ description: 'The code from the verification link (`/verify-email/<code>`).' })
  @IsString()
  @MaxLength(200)
  code: string;
}
