import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema, ApiSchemaOptions } from '@nestjs/swagger';

/**
 * Marks a response class as closed: the document says `additionalProperties: false`, so a client
 * generator may rely on the listed fields being all there is, and the tests that check real
 * answers against the document (test/support/openapi-responses.ts) refuse any field it omits.
 * @nestjs/swagger copies every key of ApiSchema's options into the schema, but types only
 * `name` and `description`, hence the widening.
 */
export const ClosedSchema = (description?: string): ClassDecorator =>
  ApiSchema({ ...(description && { description }), additionalProperties: false } as ApiSchemaOptions);

/** One problem of a signup, as `invalid_signup` lists them so that a form can show each. */
@ClosedSchema()
export class FieldProblemResponse {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ example: 'Enter a valid email address.' })
  message: string;
}

/**
 * Every JSON error the API answers (docs/http-api.md, "Error body"): Nest's shape plus a stable
 * `code`, and the details some codes add. One class for all of them, so a client decodes every
 * error the same way.
 */
@ClosedSchema('Every JSON error: Nest\'s shape, a stable `code` (except 401, 429 and unknown routes) and, for some codes, details naming what is wrong.')
export class ErrorResponse {
  @ApiProperty({ type: 'integer', example: 400, description: 'The HTTP status, repeated.' })
  statusCode: number;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'One sentence; for a 400 `invalid_request`, a list with one sentence per problem, each starting with the field name.',
    example: ['name must be a string'],
  })
  message: string | string[];

  @ApiProperty({ example: 'Bad Request', description: 'The status text.' })
  error: string;

  @ApiPropertyOptional({ example: 'invalid_request', description: 'Stable machine-readable code; messages may be reworded, codes are not.' })
  code?: string;

  @ApiPropertyOptional({ type: [String], description: 'The offending top-level fields or query parameters (`invalid_request`, `invalid_signup`, `invalid_cursor`, …).' })
  fields?: string[];

  @ApiPropertyOptional({ example: 'allowedDomains', description: 'The one field a domain rule refused (`unknown_role`, `invalid_domains`, `weak_password`, …).' })
  field?: string;

  @ApiPropertyOptional({ type: [String], description: 'The entries refused as typed (`invalid_domains`, `invalid_microsoft_tenant_ids`).' })
  invalid?: string[];

  @ApiPropertyOptional({ type: [String], description: 'The domains another tenant of the MSP already allows (`domain_taken_by_sibling`).' })
  domains?: string[];

  @ApiPropertyOptional({ type: [String], description: 'The password rules broken (`weak_password`).' })
  problems?: string[];

  @ApiPropertyOptional({ type: [FieldProblemResponse], description: 'Every problem of a signup (`invalid_signup`), or of an Add Users body (its 422s).' })
  errors?: FieldProblemResponse[];
}

/** The error statuses an operation documents, each with the sentence a client developer needs. */
export type ErrorStatuses = Partial<Record<400 | 401 | 403 | 404 | 409 | 410 | 415 | 422 | 429 | 503, string>>;

/** Documents an operation's error answers, all with the shared error body. */
export const ApiErrors = (statuses: ErrorStatuses): MethodDecorator & ClassDecorator =>
  applyDecorators(...Object.entries(statuses).map(([status, description]) => ApiResponse({ status: Number(status), description, type: ErrorResponse })));

/** The 401 of every route that needs a caller. */
export const UNAUTHENTICATED = 'No valid credentials: send `Authorization: Bearer <session token or operator token>`.';
