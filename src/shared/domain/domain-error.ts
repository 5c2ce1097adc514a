/**
 * Typed domain errors with stable codes. They are mapped to HTTP in exactly one place
 * (src/shared/http/domain-error.filter.ts), so domain code never knows about status codes.
 */
export type DomainErrorKind =
  | 'validation' // 422: the request is well-formed but breaks a rule
  | 'not_found' // 404
  | 'conflict' // 409
  | 'forbidden' // 403
  | 'gone'; // 410: it existed and no longer works (an expired one-time link)

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const validationError = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('validation', code, message, details);
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', code, message, details);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const gone = (code: string, message: string) => new DomainError('gone', code, message);
