import { BadRequestException, ValidationPipe } from '@nestjs/common';
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

/**
 * Bodies are whitelisted: unknown fields are refused, not silently dropped, and every message
 * starts with the name of the offending field.
 */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  exceptionFactory: (errors) => {
    const messages = describe(errors);
    return new BadRequestException({
      statusCode: 400,
      message: messages,
      error: 'Bad Request',
      code: 'invalid_request',
      fields: [...new Set(errors.map((error) => error.property))],
    });
  },
});
