import { HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { formExpiredPage } from './views';

/** Sends a rendered page with its status. */
export function sendHtml(response: Response, status: number, body: string): void {
  response.status(status).type('html').send(body);
}

/** A form whose CSRF token is missing, forged or too old: 403 and a page that says to reload. */
export function sendFormExpired(response: Response): void {
  sendHtml(response, HttpStatus.FORBIDDEN, formExpiredPage());
}
