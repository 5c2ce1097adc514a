import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '../../shared/domain/domain-error';
import { noStore } from '../../shared/http/security/security-headers';
import { TOO_MANY_ATTEMPTS_MESSAGE } from './form-messages';
import { errorPage } from './views';

/**
 * Pages answer in HTML, never with the API's JSON errors: an unauthenticated visit goes to the
 * sign-in page; anything else gets a short page with its status and no internal detail.
 */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    noStore(response);
    const status =
      exception instanceof HttpException
        ? exception.getStatus()
        : exception instanceof DomainError && exception.kind === 'forbidden'
          ? HttpStatus.FORBIDDEN
          : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status === HttpStatus.UNAUTHORIZED) {
      response.redirect(303, '/sign-in');
      return;
    }
    if (status >= 500) this.logger.error({ err: exception }, 'A page failed');
    const [title, message] =
      status === HttpStatus.TOO_MANY_REQUESTS
        ? ['Too many attempts', TOO_MANY_ATTEMPTS_MESSAGE]
        : status === HttpStatus.FORBIDDEN
        ? ['Not allowed', 'This page is not available to you.']
        : status === HttpStatus.NOT_FOUND
          ? ['Not found', 'This page does not exist.']
          : status < 500
            ? ['Request not understood', 'Go back, reload the page and try again.']
            : ['Something went wrong', 'Please try again in a moment.'];
    response.status(status).type('html').send(errorPage(title, message));
  }
}
