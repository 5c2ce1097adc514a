import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { ValidationError } from 'class-validator';

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      // class-validator names the property itself; nested properties get their full path.
      message.startsWith(error.property) ? `${path}${message.slice(error.property.length)}` : `${path}: ${message}`,
    );
    return [...own, ...describe(error.children ?? [], path)];
  });
}

export const BODY_NOT_AN_OBJECT_MESSAGE = 'Request body must be a JSON object';

/** The validation pipe's 400, for the checks a route makes itself (so that clients see one shape). */
export const invalidRequest = (messages: string[], fields: string[]) =>
  new BadRequestException({ statusCode: 400, message: messages, error: 'Bad Request', code: 'invalid_request', fields });

/** Types Nest's pipe does not validate: a body of one of these is no DTO. */
const NOT_DTOS: readonly unknown[] = [String, Boolean, Number, Array, Object];

/**
 * A body that a DTO describes must be a JSON object: `null`, an array, a string or a number is
 * refused as such, rather than turned into an empty object and answered with a list of missing
 * fields. No body at all (undefined) stays the pipe's business: its missing fields are named.
 */
class DtoValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { type, metatype } = metadata;
    const isDtoBody = type === 'body' && typeof metatype === 'function' && !NOT_DTOS.includes(metatype);
    if (isDtoBody && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw invalidRequest([BODY_NOT_AN_OBJECT_MESSAGE], []);
    }
    return super.transform(value, metadata);
  }
}

/**
 * Bodies are whitelisted: unknown fields are refused, not silently dropped, and every message
 * starts with the name of the offending field.
 */
export const validationPipe = new DtoValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  exceptionFactory: (errors) => {
    return invalidRequest(describe(errors), [...new Set(errors.map((error) => error.property))]);
  },
});
