import { ArgumentsHost, Catch, HttpStatus } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { WrongExpectedRevisionError } from '../application/event-store.port';
import { DomainError, DomainErrorKind } from '../domain/domain-error';

const STATUS: Record<DomainErrorKind, { status: number; error: string }> = {
  validation: { status: HttpStatus.UNPROCESSABLE_ENTITY, error: 'Unprocessable Entity' },
  not_found: { status: HttpStatus.NOT_FOUND, error: 'Not Found' },
  conflict: { status: HttpStatus.CONFLICT, error: 'Conflict' },
  forbidden: { status: HttpStatus.FORBIDDEN, error: 'Forbidden' },
  gone: { status: HttpStatus.GONE, error: 'Gone' },
};

/** The HTTP status of a domain error; pages use it too, so API and pages always agree. */
export const httpStatusOf = (kind: DomainErrorKind): number => STATUS[kind].status;

/** The one place where domain errors become HTTP answers (Nest's error shape plus `code`). */
@Catch()
export class DomainErrorFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DomainError) {
      const { status, error } = STATUS[exception.kind];
      response.status(status).json({ statusCode: status, message: exception.message, error, code: exception.code, ...exception.details });
      return;
    }
    if (exception instanceof WrongExpectedRevisionError) {
      response.status(HttpStatus.CONFLICT).json({
        statusCode: HttpStatus.CONFLICT,
        message: 'This resource is being changed by someone else right now; try again.',
        error: 'Conflict',
        code: 'concurrent_update',
      });
      return;
    }
    super.catch(exception, host);
  }
}
