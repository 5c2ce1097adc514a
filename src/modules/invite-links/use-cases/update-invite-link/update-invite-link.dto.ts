import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';

/** Unlike @IsOptional(), lets only an absent field through: `null` is validated (and refused). */
const UnlessAbsent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

const MAX_RAW_LENGTH = 20_000;
const MAX_RAW_ENTRIES = 1_000;

/**
 * R3 accepts a JSON array of strings or one string (also used for the Microsoft tenant ids); the
 * rules of the entries themselves are in the decider.
 */
function IsDomainListInput(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isDomainListInput',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be a string or an array of strings (at most ${MAX_RAW_ENTRIES} entries, ${MAX_RAW_LENGTH} characters)`,
        ...options,
      },
      validator: {
        validate(value: unknown) {
          if (typeof value === 'string') return value.length <= MAX_RAW_LENGTH;
          return (
            Array.isArray(value) &&
            value.length <= MAX_RAW_ENTRIES &&
            value.every((entry) => typeof entry === 'string' && entry.length <= 300)
          );
        },
      },
    });
}

export class UpdateInviteLinkDto {
  @ApiPropertyOptional()
  @UnlessAbsent()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ example: 'member' })
  @UnlessAbsent()
  @IsString()
  @Length(1, 100)
  defaultRoleId?: string;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['acme.com', 'acme.co.uk'],
  })
  @UnlessAbsent()
  @IsDomainListInput()
  allowedDomains?: string | string[];

  @ApiPropertyOptional({
    description:
      'Microsoft Entra tenant ids (tid, GUIDs) whose accounts may sign up with Microsoft through this link; empty = any. Same input forms as allowedDomains.',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['72f988bf-86f1-41af-91ab-2d7cd011db47'],
  })
  @UnlessAbsent()
  @IsDomainListInput()
  allowedMicrosoftTenantIds?: string | string[];

  @ApiPropertyOptional({
    description:
      'Password signups confirm their email address through a one-time link before they join. Turning it on needs mail configured on the service (SMTP_URL).',
    example: true,
  })
  @UnlessAbsent()
  @IsBoolean()
  requireEmailVerification?: boolean;
}
