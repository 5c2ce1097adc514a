import type { ApiErrorBody } from '../shared/api';
import { FIELD_LABELS, wordFor } from './admin-texts';

/** A refused call as the dialogs see it: an ApiError, or a check the page makes itself. */
export interface Refusal {
  readonly message: string;
  readonly body?: ApiErrorBody;
}

/** One message, and the API field it is about (null when it names none). */
export interface FieldError {
  readonly field: string | null;
  readonly message: string;
}

/** "allowedDomains: invalid domain(s): x" → "Invalid domain(s): x"; "email must be …" → "Email must be …". */
export function readable(message: string, field: string | null): string {
  let text = message;
  if (field && text.startsWith(`${field}: `)) text = text.slice(field.length + 2);
  else if (field && text.startsWith(`${field} `)) text = wordFor(FIELD_LABELS, field) + text.slice(field.length);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An answer's `errors` (every field's problem, as Add Users' 422s list them), or null when it has none. */
function listedErrors(body: object): FieldError[] | null {
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  return errors.map((item: unknown) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as { field?: unknown; message?: unknown };
    const field = typeof entry.field === 'string' ? entry.field : null;
    return { field, message: readable(String(entry.message ?? ''), field) };
  });
}

/**
 * The API's error as one entry per message. When the answer lists every field's problem
 * (`errors`), those; else a message is about the field it starts with, else about the only field
 * the answer names (`field`, `fields`, or one implied by its `code`).
 */
export function fieldErrors(error: Refusal): FieldError[] {
  const body = error.body ?? {};
  const listed = listedErrors(body);
  if (listed) return listed;
  const messages: readonly unknown[] = Array.isArray(body.message)
    ? body.message
    : [typeof body.message === 'string' ? body.message : error.message];
  let fields: string[] = Array.isArray(body.fields) ? body.fields.map(String) : [];
  if (typeof body.field === 'string') fields = [body.field];
  if (body.code === 'user_already_registered') fields = ['email'];
  if (body.code === 'sso_configured') fields = ['enabled'];
  return messages.map((message) => {
    const text = String(message);
    const named = fields.find((field) => text.startsWith(`${field}:`) || text.startsWith(`${field} `));
    const field = named || (fields.length === 1 ? fields[0] : null);
    return { field, message: readable(text, field) };
  });
}

/** Whatever a promise rejected with, as a Refusal (a bug's TypeError shows its message). */
export function asRefusal(error: unknown): Refusal {
  return error instanceof Error ? error : { message: String(error) };
}
