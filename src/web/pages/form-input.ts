import type { Request } from 'express';
import { randomUUID } from 'node:crypto';

/** A posted form (urlencoded), as Express parsed it. */
export type Form = Record<string, unknown>;

/** A submitted text field; anything that is not one string (absent, repeated, nested) is ''. */
export function text(form: Form, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

export function formOf(request: Request): Form {
  const body: unknown = request.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Form) : {};
}

/** The request's id (the log's), which the events a page's command records carry as their correlation id. */
export function correlationIdOf(request: Request): string {
  const id = (request as Request & { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : randomUUID();
}
