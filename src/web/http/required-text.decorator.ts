import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches } from 'class-validator';

/** A string that is not blank and fits in `maxLength` characters; messages name the field. */
export const RequiredText = (maxLength: number) =>
  applyDecorators(
    IsString(),
    Length(1, maxLength),
    Matches(/\S/, { message: ({ property }) => `${property} must not be blank` }),
  );
