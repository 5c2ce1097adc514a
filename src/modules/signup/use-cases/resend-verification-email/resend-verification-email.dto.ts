import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsEmailAddress } from '../../../../shared/http/email-address.decorator';

export class ResendVerificationEmailDto {
  @ApiProperty({ example: 'dana@acme.example', description: 'The address the signup used.' })
  @IsString()
  @MaxLength(320)
  @IsEmailAddress()
  email: string;
}
