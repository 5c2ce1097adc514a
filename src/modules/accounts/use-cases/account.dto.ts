import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsEmailAddress } from '../../../shared/http/email-address.decorator';
import { NAME_MAX_LENGTH, RequiredText } from '../../../shared/http/required-text.decorator';

/** The account fields an admin types, shared by "Add Users" and MSP admin creation. */
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
