import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, MaxLength } from 'class-validator';
import { NAME_MAX_LENGTH, RequiredText } from '../../../../shared/http/required-text.decorator';
import { SignupInput } from '../../domain/signup-rules';

/**
 * The join form (docs/http-api.md). Shapes and lengths are checked here (400); the rules of a
 * well-formed form (email syntax and characters, R13, R14) answer 422 from the handler. The password limits
 * are generous on purpose: R13's 128 characters is a rule (422), never a truncation.
 */
export class SignUpDto implements SignupInput {
  @ApiProperty({ example: 'Dana' })
  @RequiredText(NAME_MAX_LENGTH.person)
  firstName: string;

  @ApiProperty({ example: 'Scully' })
  @RequiredText(NAME_MAX_LENGTH.person)
  lastName: string;

  @ApiProperty({ example: 'dana@acme.example' })
  @IsString()
  @MaxLength(320)
  email: string;

  @ApiProperty({ description: '8–128 characters with upper- and lower-case letters, a digit and a special character' })
  @IsString()
  @MaxLength(1024)
  password: string;

  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  passwordConfirmation: string;

  @ApiProperty({ description: 'The Terms of Service and Privacy Policy must be accepted (true)' })
  @IsBoolean()
  acceptTerms: boolean;
}
