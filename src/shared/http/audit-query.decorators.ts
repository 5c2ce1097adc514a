import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy, ValidationArguments } from 'class-validator';
import { AUDIT_PAGE_LIMIT, parseInstant, parseLimit, splitTypeList } from '../domain/audit-query';

/**
 * The query parameters the audit reads share (`type`, `from`, `to`, `limit`): the invite-link
 * history and the MSP audit feed declare them with these decorators and read them with
 * readAuditQuery, so both answer the same query the same way and refuse the same mistakes with a
 * 400 naming the parameter. Each read keeps its own `cursor`, whose shape is its own business.
 */

/** Long enough for every event type at once; the unknown ones are echoed in the message. */
const TYPE_LIST_MAX_LENGTH = 2000;

/** What the validation pipe has accepted: still text, as the query string carried it. */
export interface AuditQueryParameters {
  type?: string;
  from?: string;
  to?: string;
  limit?: string;
}

export interface AuditQuery {
  /** Undefined: every type the read lists. */
  readonly types?: ReadonlySet<string>;
  /** Inclusive, epoch milliseconds. */
  readonly from?: number;
  /** Exclusive, epoch milliseconds. */
  readonly to?: number;
  readonly limit: number;
}

const isInstant = (value: unknown): value is string => typeof value === 'string' && parseInstant(value) !== undefined;

/** What is wrong with a `type` value, or undefined when every entry is one of `valid`. */
function typeListProblem(value: unknown, valid: ReadonlySet<string>): string | undefined {
  const listed = [...valid].join(', ');
  // An array: the parameter was given twice.
  if (typeof value !== 'string') return `type must be a comma-separated list of event types: ${listed}`;
  if (value.length > TYPE_LIST_MAX_LENGTH) return `type must be at most ${TYPE_LIST_MAX_LENGTH} characters`;
  const entries = splitTypeList(value);
  if (entries.every((entry) => entry === '')) return `type must name at least one event type: ${listed}`;
  if (entries.includes('')) return `type must list event types separated by single commas, with no empty entry: ${listed}`;
  const unknown = [...new Set(entries.filter((entry) => !valid.has(entry)))];
  if (unknown.length === 0) return undefined;
  const named = unknown.map((type) => `"${type}"`).join(', ');
  return `type: unknown event type${unknown.length === 1 ? '' : 's'} ${named}; valid types are ${listed}`;
}

/**
 * `type`: event types separated by commas, spaces around them ignored, every one of them among
 * `validTypes` (a misspelt type would otherwise match nothing and look like an empty history).
 */
export function TypeParameter(validTypes: readonly string[]): PropertyDecorator {
  const valid = new Set(validTypes);
  return applyDecorators(
    ApiPropertyOptional({
      description: `Comma-separated event types to list, spaces around them ignored (default: all of them): ${validTypes.join(', ')}`,
      example: validTypes.slice(0, 2).join(','),
    }),
    IsOptional(),
    ValidateBy({
      name: 'isAuditTypeList',
      validator: {
        validate: (value: unknown) => typeListProblem(value, valid) === undefined,
        defaultMessage: (args?: ValidationArguments) => typeListProblem(args?.value, valid) ?? 'type must be a list of event types',
      },
    }),
  );
}

const INSTANT_DESCRIPTION =
  'ISO-8601 date (midnight UTC), such as 2026-01-31, or date-time with a time zone (Z or ±hh:mm), such as 2026-01-31T12:00:00Z; compared with the event time at millisecond precision';

const IsInstant = () =>
  ValidateBy({
    name: 'isAuditInstant',
    validator: {
      validate: isInstant,
      // Begins with the history's words from before it took plain dates too: clients may match them.
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} must be an ISO-8601 date-time with a time zone, for example 2026-01-31T12:00:00Z, or a date (midnight UTC), for example 2026-01-31`,
    },
  });

/** `from`: inclusive. */
export const FromParameter = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ description: `${INSTANT_DESCRIPTION}. Items at or after it.`, example: '2026-01-01T00:00:00Z' }),
    IsOptional(),
    IsInstant(),
  );

/** `to`: exclusive, and later than `from` when both are given: an empty or inverted range is a mistake, not a question. */
export const ToParameter = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ description: `${INSTANT_DESCRIPTION}. Items before it; later than from.`, example: '2026-02-01' }),
    IsOptional(),
    IsInstant(),
    ValidateBy({
      name: 'isLaterThanFrom',
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const from = (args?.object as { from?: unknown } | undefined)?.from;
          if (!isInstant(value) || !isInstant(from)) return true; // the format rule reports those
          return parseInstant(value)! > parseInstant(from)!;
        },
        defaultMessage: () => 'to must be later than from (from is inclusive, to is exclusive)',
      },
    }),
  );

/** `limit`: digits only, within AUDIT_PAGE_LIMIT. */
export const LimitParameter = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      type: Number,
      minimum: AUDIT_PAGE_LIMIT.min,
      maximum: AUDIT_PAGE_LIMIT.max,
      default: AUDIT_PAGE_LIMIT.default,
      description: 'Items per page: an integer written with digits only',
    }),
    IsOptional(),
    ValidateBy({
      name: 'isAuditPageLimit',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseLimit(value) !== undefined,
        defaultMessage: () => `limit must be an integer from ${AUDIT_PAGE_LIMIT.min} to ${AUDIT_PAGE_LIMIT.max}`,
      },
    }),
  );

/** The parameters as values, once the validation pipe has accepted them (it refuses anything these could not read). */
export function readAuditQuery({ type, from, to, limit }: AuditQueryParameters): AuditQuery {
  return {
    types: type === undefined ? undefined : new Set(splitTypeList(type)),
    from: from === undefined ? undefined : parseInstant(from),
    to: to === undefined ? undefined : parseInstant(to),
    limit: limit === undefined ? AUDIT_PAGE_LIMIT.default : parseLimit(limit)!,
  };
}
