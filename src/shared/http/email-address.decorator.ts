import { isEmail, ValidateBy, ValidationArguments } from 'class-validator';
import { parseEmail } from '../domain/email';

/**
 * The syntax of an email address (400, as before), for the admin endpoints that create accounts.
 * An address holding a character no address may hold (unsafe-characters.ts) is left to the one
 * email normalisation (parseEmail) in the command, which answers 422 naming `email` on every path
 * alike; validator.js must not see it either, as its `encodeURI` throws a URIError (a 500) on an
 * unpaired surrogate.
 */
export const IsEmailAddress = () =>
  ValidateBy({
    name: 'isEmailAddress',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return false;
        const parsed = parseEmail(value);
        if (!parsed.ok && parsed.problem === 'unsafe') return true;
        return isEmail(value);
      },
      defaultMessage: ({ property }: ValidationArguments) => `${property} must be a valid email address`,
    },
  });
