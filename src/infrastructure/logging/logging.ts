import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

/** Invite tokens travel in URL paths; logs only ever see a placeholder. */
export function redactTokens(url: string): string {
  return url
    .replace(/(\/api\/v1\/invite-links\/)[^/?#]+/g, '$1[token]')
    .replace(/(\/join\/)[^/?#]+/g, '$1[token]');
}

/** Structured JSON logs (pino) with one request id per request and no secrets. */
export function loggingParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (request: IncomingMessage, response: ServerResponse) => {
        const incoming = request.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.passwordConfirmation',
          '*.passwordHash',
          '*.accessToken',
          '*.token',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (request: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
          id: request.id,
          method: request.method,
          url: redactTokens(request.url),
          remoteAddress: request.remoteAddress,
        }),
      },
      customProps: () => ({ service: 'invite-links' }),
      // Probes and scrapes every few seconds would drown the useful lines.
      autoLogging: { ignore: (request: IncomingMessage) => QUIET_PATHS.has(request.url ?? '') },
    },
  };
}
