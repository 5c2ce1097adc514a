import { HttpException, HttpStatus } from '@nestjs/common';
import { json, NextFunction, Request, RequestHandler, Response } from 'express';
import { STATUS_CODES } from 'node:http';

/** Bodies of this API are a few hundred bytes; the largest (a list of 50 domains) a few kB. */
export const JSON_BODY_LIMIT_BYTES = 100 * 1024;

/**
 * No body of this API nests deeper than 2 (an object holding a list). Deeper ones are refused
 * before anything walks them recursively: class-transformer does, and a few thousand levels
 * overflow its stack (a 500 from any JSON endpoint, unauthenticated ones included).
 */
export const JSON_MAX_DEPTH = 32;

/** The media types read as JSON, also what the API refuses others for. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

export const BODY_TOO_LARGE_MESSAGE = `Request body is too large: at most ${JSON_BODY_LIMIT_BYTES / 1024} kB (${JSON_BODY_LIMIT_BYTES} bytes)`;
export const BODY_TOO_DEEP_MESSAGE = `Request body is nested too deeply: at most ${JSON_MAX_DEPTH} levels of objects and arrays`;
export const INVALID_JSON_MESSAGE = 'Request body is not valid JSON';
export const UNSUPPORTED_MEDIA_TYPE_MESSAGE = 'Content-Type must be application/json';

/** Nest's error shape plus `code`, like every other error answer of the API. */
function httpError(status: number, code: string, message: string): HttpException {
  return new HttpException({ statusCode: status, message, error: STATUS_CODES[status] ?? 'Error', code }, status);
}

/**
 * Whether `value` holds objects or arrays nested more than `maxDepth` levels (the top level is
 * 1). Iterative, with an explicit stack, so the check itself cannot overflow; it stops at the
 * first node too deep.
 */
export function isNestedDeeperThan(value: unknown, maxDepth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: { node: object; depth: number }[] = [{ node: value, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: object; depth: number };
    if (depth > maxDepth) return true;
    for (const child of Array.isArray(node) ? (node as unknown[]) : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push({ node: child as object, depth: depth + 1 });
    }
  }
  return false;
}

/** body-parser's errors (http-errors with a `type`) as answers that say what is wrong. */
function bodyError(error: unknown): unknown {
  switch ((error as { type?: unknown } | undefined)?.type) {
    case 'entity.too.large':
      return httpError(HttpStatus.BAD_REQUEST, 'body_too_large', BODY_TOO_LARGE_MESSAGE);
    case 'entity.parse.failed':
      return httpError(HttpStatus.BAD_REQUEST, 'invalid_json', INVALID_JSON_MESSAGE);
    case 'charset.unsupported':
      return httpError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported_charset', 'Request body must be JSON in UTF-8');
    case 'encoding.unsupported':
      return httpError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported_content_encoding', 'Content-Encoding must be identity, gzip, deflate or br');
    default:
      break;
  }
  const { status, code, message } = error as { status?: unknown; code?: unknown; message?: unknown };
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return httpError(HttpStatus.BAD_REQUEST, 'invalid_content_encoding', 'Request body could not be decompressed as its Content-Encoding says');
  }
  // Aborted or short bodies (4xx) keep their status and body-parser's message; a 5xx is a server
  // fault and stays one (Nest logs it and answers a generic 500).
  if (typeof status === 'number' && status < 500 && typeof message === 'string') {
    return httpError(status, 'invalid_body', message);
  }
  return error;
}

/**
 * The JSON body parser of the whole application: at most JSON_BODY_LIMIT_BYTES and JSON_MAX_DEPTH
 * levels, both refused with a 400 that says why, before any pipe or validator sees the body. Any
 * JSON value is parsed (not only objects and arrays) so that the validation pipe can say "must be
 * a JSON object" rather than the parser "unexpected token".
 */
export function jsonBody(): RequestHandler {
  const parse = json({ limit: JSON_BODY_LIMIT_BYTES, strict: false, type: JSON_MEDIA_TYPES });
  return (request: Request, response: Response, next: NextFunction) => {
    parse(request, response, (error?: unknown) => {
      if (error) return next(bodyError(error));
      if (isNestedDeeperThan(request.body, JSON_MAX_DEPTH)) {
        request.body = undefined;
        return next(httpError(HttpStatus.BAD_REQUEST, 'body_too_deep', BODY_TOO_DEEP_MESSAGE));
      }
      next();
    });
  };
}

/** Whether the request carries a body (an empty one does not count: `curl -X POST -d ''`). */
function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length.trim() !== '0');
}

/**
 * The API reads JSON only: a body of another type (a form, text, none named) is refused, saying
 * so, rather than read as no body at all and answered with a list of "missing" fields. The status
 * stays the 400 such a body always got.
 */
export function requireJsonBody(): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    if (hasBody(request) && !request.is(JSON_MEDIA_TYPES)) {
      return next(httpError(HttpStatus.BAD_REQUEST, 'unsupported_media_type', UNSUPPORTED_MEDIA_TYPE_MESSAGE));
    }
    next();
  };
}
