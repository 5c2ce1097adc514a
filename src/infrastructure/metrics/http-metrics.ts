import { Injectable, NestMiddleware } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Histogram, Registry } from 'prom-client';

export const HTTP_REQUEST_DURATION = 'http_request_duration_seconds';
/** The route label of requests that matched no route (404s, static files). */
export const UNMATCHED_ROUTE = '<unmatched>';

/**
 * The route TEMPLATE Express matched (`/api/v1/invite-links/:token`), never the URL: invite
 * tokens travel in paths, and raw URLs would also give every id its own time series.
 *
 * Middleware bound to all routes (the request logger's, this one) is mounted as a wildcard route
 * and leaves its own path in `request.route` when no controller route matched afterwards; this
 * service has no wildcard controller routes, so a wildcard means "no route".
 */
export function routeTemplateOf(request: Request): string {
  const path: unknown = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && !path.includes('*') ? path : UNMATCHED_ROUTE;
}

@Injectable()
export class HttpMetrics {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: HTTP_REQUEST_DURATION,
      help: 'Duration of HTTP requests in seconds, by method, route template and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    this.duration.observe({ method, route, status: String(status) }, seconds);
  }
}

/**
 * Times every request, including those a guard or a filter answers. The route is read when the
 * response has finished, because Express only knows it once the router has matched.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: HttpMetrics) {}

  use(request: Request, response: Response, next: () => void): void {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.observe(request.method, routeTemplateOf(request), response.statusCode, seconds);
    });
    next();
  }
}
