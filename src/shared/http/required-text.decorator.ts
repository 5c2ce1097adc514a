import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches, ValidateBy, ValidationArguments } from 'class-validator';
import { describeUnsafeCharacter, firstUnsafeCharacter, TextRules } from '../domain/unsafe-characters';

export { NAME_MAX_LENGTH } from '../domain/names';

/**
 * Something a reader can see: a letter, digit, punctuation or symbol. Whitespace, combining marks
 * alone and invisible characters (zero-width space, BOM) make a blank name.
 */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/**
 * A string free of the characters of unsafe-characters.ts under `rules`. A non-string passes:
 * IsString reports it, and this check must never throw on what it was not meant for.
 */
export const FreeOfUnsafeCharacters = (rules: TextRules) =>
  ValidateBy({
    name: 'freeOfUnsafeCharacters',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || firstUnsafeCharacter(value, rules) === null,
      defaultMessage: ({ property, value }: ValidationArguments) => {
        const found = typeof value === 'string' ? firstUnsafeCharacter(value, rules) : null;
        return `${property} must not contain ${found ? describeUnsafeCharacter(found) : 'control, invisible or text-direction characters'}`;
      },
    },
  });

/**
 * The one rule of every name (MSP, tenant, role, first and last name): a string, not blank, at
 * most `maxLength` characters, and free of control characters, unpaired surrogates,
 * text-direction controls and line breaks (ordinary spaces are fine). Messages name the field.
 */
export const RequiredText = (maxLength: number) =>
  applyDecorators(
    IsString(),
    Length(1, maxLength),
    Matches(VISIBLE, { message: ({ property }) => `${property} must not be blank` }),
    FreeOfUnsafeCharacters('name'),
  );
