import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createHash } from 'node:crypto';
import type request from 'supertest';

/**
 * Holds the OpenAPI document to what the service really sends: every answer a test receives from
 * a documented operation is checked against the response the document gives for its status.
 * A 2xx the document does not list, a JSON body that does not match its schema (closed schemas
 * refuse unknown fields), a body on a documented 204 or another content type are all violations.
 * Error statuses the document lists are checked the same way; undocumented ones (415, a crash's
 * 500, an unknown route's 404) are left alone, as they belong to no operation's contract.
 *
 * The document is the one the running app serves (/api/docs-json), so the check covers exactly
 * what clients download. Used by the e2e app (test-app.ts) and the API-spec harness.
 */

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components?: { readonly schemas?: Record<string, unknown> };
}

export interface OpenApiOperation {
  readonly operationId?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

/** One answer as a test received it. */
export interface ReceivedResponse {
  readonly method: string;
  /** The request path, query string allowed. */
  readonly path: string;
  readonly status: number;
  readonly contentType: string | undefined;
  /** The parsed JSON body, or the text for other content types. */
  readonly body: unknown;
  /** The raw text, for telling an empty body from `{}`. */
  readonly text: string;
}

export interface CheckedResponse {
  /** `GET /api/v1/me`, the document's key; undefined when no documented operation matches. */
  readonly operation: string | undefined;
  readonly problems: string[];
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
const JSON_MEDIA_TYPE = 'application/json';
const mediaTypeOf = (contentType: string | undefined): string => (contentType ?? '').split(';')[0].trim().toLowerCase();

/**
 * OpenAPI 3.0 schema objects are almost JSON Schema: `nullable` becomes a union with null, the
 * `example` annotations go (ajv's strict mode refuses unknown keywords, which catches typos in
 * the decorators), and component references point at `$defs`.
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, example: _example, examples: _examples, $ref, ...rest } = schema as Record<string, unknown>;
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    converted[key] = key === 'properties' ? mapValues(value as Record<string, unknown>, toJsonSchema) : toJsonSchema(value);
  }
  if (typeof $ref === 'string') converted.$ref = $ref.replace('#/components/schemas/', '#/$defs/');
  if (nullable !== true) return converted;
  if (typeof converted.type === 'string' && converted.$ref === undefined && converted.allOf === undefined) {
    const nullableType = { ...converted, type: [converted.type, 'null'] };
    return Array.isArray(converted.enum) ? { ...nullableType, enum: [...converted.enum, null] } : nullableType;
  }
  // `allOf: [{$ref}]` with `nullable` (how @nestjs/swagger writes a nullable nested class).
  const { description, ...shape } = converted;
  return { ...(description !== undefined && { description }), anyOf: [shape, { type: 'null' }] };
}

const mapValues = (object: Record<string, unknown>, map: (value: unknown) => unknown): Record<string, unknown> =>
  Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));

/** `/api/v1/tenants/{tenantId}/users` → a pattern matching the request path without its query. */
function pathPattern(template: string): RegExp {
  const source = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}$`);
}

/** `/token/hash` → `body.token.hash`. */
const fieldPath = (instancePath: string): string =>
  'body' +
  instancePath
    .split('/')
    .slice(1)
    .map((segment) => (/^[0-9]+$/.test(segment) ? `[${segment}]` : `.${segment.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('');

function readable(errors: readonly ErrorObject[] | null | undefined): string[] {
  const lines = (errors ?? []).map((error) => {
    const at = fieldPath(error.instancePath);
    switch (error.keyword) {
      case 'required':
        return `${at}.${String(error.params.missingProperty)}: is required by the document`;
      case 'additionalProperties':
        return `${at}.${String(error.params.additionalProperty)}: is not in the documented schema`;
      case 'enum':
        return `${at}: must be one of ${JSON.stringify(error.params.allowedValues)}`;
      default:
        return `${at}: ${error.message ?? error.keyword}`;
    }
  });
  return [...new Set(lines)];
}

export class OpenApiResponseValidator {
  private readonly operations: { key: string; method: string; pattern: RegExp; literal: boolean; operation: OpenApiOperation }[];
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly ajv: Ajv2020;
  private readonly defs: Record<string, unknown>;

  constructor(readonly document: OpenApiDocument) {
    this.operations = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method]) => HTTP_METHODS.has(method))
        .map(([method, operation]) => ({
          key: `${method.toUpperCase()} ${path}`,
          method,
          pattern: pathPattern(path),
          literal: !path.includes('{'),
          operation,
        })),
    );
    this.ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
    addFormats(this.ajv);
    this.defs = mapValues(document.components?.schemas ?? {}, toJsonSchema);
  }

  /** Every documented operation, as `METHOD /path`. */
  operationKeys(): string[] {
    return this.operations.map(({ key }) => key);
  }

  /** The operation a request lands on; a literal path wins over a template (`/health` is not `/{x}`). */
  private operationOf(method: string, path: string) {
    const bare = path.split('?')[0];
    const candidates = this.operations.filter((entry) => entry.method === method.toLowerCase() && entry.pattern.test(bare));
    return candidates.find((entry) => entry.literal) ?? candidates[0];
  }

  check(received: ReceivedResponse): CheckedResponse {
    const found = this.operationOf(received.method, received.path);
    if (!found) return { operation: undefined, problems: [] };
    const where = `${received.method.toUpperCase()} ${received.path} → ${received.status}`;
    const documented = found.operation.responses?.[String(received.status)];
    if (!documented) {
      const problems = received.status >= 200 && received.status < 300 ? [`${where}: the document lists no ${received.status} for ${found.key}`] : [];
      return { operation: found.key, problems };
    }
    const content = documented.content ?? {};
    const mediaTypes = Object.keys(content);
    if (mediaTypes.length === 0) {
      // A documented answer without content (204): nothing may come back.
      const problems = received.text.length > 0 ? [`${where}: the document says no content, but a body came back`] : [];
      return { operation: found.key, problems };
    }
    const mediaType = mediaTypeOf(received.contentType);
    const matching = mediaTypes.find((documentedType) => mediaTypeOf(documentedType) === mediaType);
    if (matching === undefined) {
      return { operation: found.key, problems: [`${where}: content type ${received.contentType ?? '(none)'} is not one of ${mediaTypes.join(', ')}`] };
    }
    if (mediaType !== JSON_MEDIA_TYPE) return { operation: found.key, problems: [] };
    const validate = this.validatorFor(`${found.key} ${received.status}`, content[matching].schema);
    const problems = validate(received.body) ? [] : readable(validate.errors).map((problem) => `${where}: ${problem}`);
    return { operation: found.key, problems };
  }

  private validatorFor(key: string, schema: unknown): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile({ ...(toJsonSchema(schema ?? {}) as object), $defs: this.defs });
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

const validators = new Map<string, OpenApiResponseValidator>();

/** One validator per distinct document, so that apps started test after test share the compiled schemas. */
export function validatorFor(document: OpenApiDocument): OpenApiResponseValidator {
  const digest = createHash('sha256').update(JSON.stringify(document)).digest('hex');
  let validator = validators.get(digest);
  if (!validator) {
    validator = new OpenApiResponseValidator(document);
    validators.set(digest, validator);
  }
  return validator;
}

/** The supertest response of a test request, as the validator reads it. */
export function receivedFrom(method: string, path: string, response: request.Response): ReceivedResponse {
  return {
    method,
    path,
    status: response.status,
    contentType: response.headers['content-type'] as string | undefined,
    body: response.body as unknown,
    text: response.text ?? '',
  };
}

/**
 * Checks the answer of `test` against the document when it arrives. Problems go to `onProblems`,
 * which keeps them so that the file fails on close even if its test did not look at the body;
 * each documented operation answered with a 2xx is passed to `onCovered`.
 */
export function checkResponseOf(
  test: request.Test,
  method: string,
  path: string,
  validator: () => OpenApiResponseValidator | undefined,
  onProblems: (problems: string[]) => void,
  onCovered?: (operation: string) => void,
): request.Test {
  test.on('response', (response: request.Response) => {
    const current = validator();
    if (!current) return;
    const { operation, problems } = current.check(receivedFrom(method, path, response));
    if (problems.length > 0) onProblems(problems);
    else if (operation !== undefined && response.status >= 200 && response.status < 300) onCovered?.(operation);
  });
  return test;
}
