import type { NextFunction, Request, RequestHandler, Response } from 'express';

const BODY_ERROR = Symbol('bodyError');
type WithBodyError = Request & { [BODY_ERROR]?: unknown };

/**
 * The body parsers run as plain Express middleware, before Nest's module middleware, and so
 * before the request logger (pino-http). A body they refuse would be answered without a request
 * id or a log line, and a flood of refused bodies would be invisible to operators. So a parser's
 * error is only noted on the request here; `raiseDeferredBodyError`, mounted after the logger,
 * raises it, and the refusal is answered and logged like any other request. Once a parser has
 * refused, the parsers after it leave the request alone.
 */
export function deferBodyErrors(parser: RequestHandler): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const noted = request as WithBodyError;
    if (noted[BODY_ERROR] !== undefined) return next();
    parser(request, response, (error?: unknown) => {
      if (error !== undefined && error !== null && error !== 'route' && error !== 'router') noted[BODY_ERROR] = error;
      next();
    });
  };
}

/** Raises the error a parser noted, so that Nest's exception filter answers it. */
export function raiseDeferredBodyError(request: Request, _response: Response, next: NextFunction): void {
  const error = (request as WithBodyError)[BODY_ERROR];
  next(error);
}
