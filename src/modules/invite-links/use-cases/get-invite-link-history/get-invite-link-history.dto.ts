import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, isISO8601, MaxLength, ValidateBy, ValidationArguments } from 'class-validator';
import { HISTORY_EVENT_TYPES, isHistoryEventType, parseTypeList } from './history-event-types';

export const HISTORY_LIMIT = { min: 1, max: 1000, default: 100 } as const;

/** A date-time with a zone (Z or ±hh:mm): an instant, never a wall-clock time read in the server's zone. */
const INSTANT_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && INSTANT_WITH_ZONE.test(value) && isISO8601(value, { strict: true }) && !isNaN(Date.parse(value));

function IsInstantWithZone(): PropertyDecorator {
  return ValidateBy({
    name: 'isInstantWithZone',
    validator: {
      validate: isInstant,
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} must be an ISO-8601 date-time with a time zone, for example 2026-01-31T12:00:00Z`,
    },
  });
}

/** `to` must come after `from` when both are given: an empty or inverted range is a mistake, not a question. */
function IsAfterFrom(): PropertyDecorator {
  return ValidateBy({
    name: 'isAfterFrom',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const from = (args?.object as { from?: unknown } | undefined)?.from;
        if (!isInstant(value) || !isInstant(from)) return true; // the format rules report those
        return Date.parse(value) > Date.parse(from);
      },
      defaultMessage: () => 'to must be later than from (from is inclusive, to is exclusive)',
    },
  });
}

function IsHistoryTypeList(): PropertyDecorator {
  return ValidateBy({
    name: 'isHistoryTypeList',
    validator: {
      validate: (value: unknown) => {
        const types = typeof value === 'string' ? parseTypeList(value) : [];
        return types.length > 0 && types.every(isHistoryEventType);
      },
      defaultMessage: (args?: ValidationArguments) => {
        const valid = HISTORY_EVENT_TYPES.join(', ');
        if (typeof args?.value !== 'string') return `type must be a comma-separated list of event types: ${valid}`;
        const unknown = parseTypeList(args.value).filter((type) => !isHistoryEventType(type));
        if (unknown.length === 0) return `type must name at least one event type: ${valid}`;
        const named = unknown.map((type) => `"${type}"`).join(', ');
        return `type: unknown event type${unknown.length === 1 ? '' : 's'} ${named}; valid types are ${valid}`;
      },
    },
  });
}

/** Digits only: "1e2", " 5" or "5.0" are not what a client meant to send as a page size. */
function IsLimit(): PropertyDecorator {
  return ValidateBy({
    name: 'isHistoryLimit',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && /^[0-9]{1,4}$/.test(value) && Number(value) >= HISTORY_LIMIT.min && Number(value) <= HISTORY_LIMIT.max,
      defaultMessage: () => `limit must be an integer from ${HISTORY_LIMIT.min} to ${HISTORY_LIMIT.max}`,
    },
  });
}

export class InviteLinkHistoryQueryDto {
  @ApiPropertyOptional({
    description: `Comma-separated event types to list (default: all of them): ${HISTORY_EVENT_TYPES.join(', ')}`,
    example: 'InviteLinkEnabled,InviteLinkDisabled',
  })
  @IsOptional()
  @IsHistoryTypeList()
  type?: string;

  @ApiPropertyOptional({ description: "ISO-8601 instant with a time zone; items whose `at` is at or after it (millisecond precision)" })
  @IsOptional()
  @IsInstantWithZone()
  from?: string;

  @ApiPropertyOptional({ description: 'ISO-8601 instant with a time zone; items whose `at` is before it (millisecond precision)' })
  @IsOptional()
  @IsInstantWithZone()
  @IsAfterFrom()
  to?: string;

  @ApiPropertyOptional({ type: Number, minimum: HISTORY_LIMIT.min, maximum: HISTORY_LIMIT.max, default: HISTORY_LIMIT.default })
  @IsOptional()
  @IsLimit()
  limit?: string;

  @ApiPropertyOptional({ description: 'Opaque: the nextCursor of the previous page, with the same order' })
  @IsOptional()
  @IsString({ message: 'cursor must be the nextCursor of a previous page' })
  @MaxLength(512, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'asc: oldest first (the default); desc: newest first' })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'order must be asc or desc' })
  order?: 'asc' | 'desc';
}
