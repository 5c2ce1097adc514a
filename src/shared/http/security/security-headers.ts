import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { AppConfig } from '../../../config/app-config';

/** Where the OpenAPI UI lives (SwaggerModule.setup in app.ts). */
export const API_DOCS_PATH = '/api/docs';

/**
 * The Content-Security-Policy of every page and every API answer: nothing inline, nothing from
 * another origin. Pages load their stylesheets and scripts (content-hashed bundles) from /assets only.
 */
export const STRICT_CSP = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
};

/**
 * swagger-ui's page has inline <style> blocks and React sets style attributes, and its CSS
 * embeds its icons as data: URIs. Scripts stay self-only (its init script is a file).
 */
export const API_DOCS_CSP = {
  ...STRICT_CSP,
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
};

function headers(config: AppConfig, directives: Record<string, string[]>): RequestHandler {
  const https = config.publicBaseUrl.startsWith('https://');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: https ? { ...directives, 'upgrade-insecure-requests': [] } : directives,
    },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only means something on https; sent over http it is ignored, but it would be misleading.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
}

/** Security headers on every response; /api/docs gets its own CSP (see API_DOCS_CSP). */
export function securityHeaders(config: AppConfig): RequestHandler {
  const strict = headers(config, STRICT_CSP);
  const docs = headers(config, API_DOCS_CSP);
  return (request: Request, response: Response, next: NextFunction) => {
    const path = request.path;
    const isDocs = path === API_DOCS_PATH || path.startsWith(`${API_DOCS_PATH}/`);
    (isDocs ? docs : strict)(request, response, next);
  };
}

/** For pages that show personal data or carry an invite token: never stored by any cache. */
export function noStore(response: Response): void {
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Pragma', 'no-cache');
}
