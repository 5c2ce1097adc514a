import { NextFunction, Request, RequestHandler, Response } from 'express';
import { noStore } from './security/security-headers';

/** Express routes case-insensitively, so `/API/v1/me` is the API too. */
const API = /^\/api(?:\/|$)/i;
/** The OpenAPI UI and its assets keep their own caching. */
const API_DOCS = /^\/api\/docs(?:\/|$)/;

/**
 * Every answer of the API is personal or carries a token (sessions, invite links, users), so no
 * cache, shared or private, may keep it: `Cache-Control: no-store` on all of them, errors and
 * unknown /api paths included. Set before routing, so that every later answer carries it.
 */
export function apiNoStore(): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    if (API.test(request.path) && !API_DOCS.test(request.path)) noStore(response);
    next();
  };
}
