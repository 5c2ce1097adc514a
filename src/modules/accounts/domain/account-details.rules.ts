import { DomainError, validationError } from '../../../shared/domain/domain-error';
import { ParsedEmail, unsafeEmailReason } from '../../../shared/domain/email';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblems } from './password-policy';

/**
 * The 422s of an account an admin types ("Add Users", MSP admins): one place for their codes and
 * words, so that the registration (which stops at the first) and "Add Users" (which reports them
 * all at once) say the same thing.
 */

/** `invalid_email` naming `email`, or null for a well-formed address. */
export function emailRefusal(parsed: ParsedEmail): DomainError | null {
  if (parsed.ok) return null;
  const reason = parsed.problem === 'unsafe' ? unsafeEmailReason(parsed.unsafe) : 'must be a valid email address';
  return validationError('invalid_email', `email: ${reason}`, { field: 'email' });
}

/** `weak_password` naming `password` and every R13 rule it breaks, or null for a strong one. */
export function passwordRefusal(password: string): DomainError | null {
  const problems = passwordProblems(password);
  if (problems.length === 0) return null;
  return validationError('weak_password', `password: ${problems.map((p) => PASSWORD_PROBLEM_MESSAGES[p]).join(' ')}`, {
    field: 'password',
    problems,
  });
}

/** One field's problem, as the `errors` of a 422 list them so that a form can show each. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * A refusal as one field's problem: its `field` detail, and its message without the leading
 * "<field>: " (the form puts the message next to the field already).
 */
export function fieldProblemOf(refusal: DomainError): FieldProblem | null {
  const field = refusal.details?.field;
  if (typeof field !== 'string') return null;
  const message = refusal.message.startsWith(`${field}: `) ? refusal.message.slice(field.length + 2) : refusal.message;
  return { field, message };
}

/**
 * The first refusal (the one the documented order of checks answers with: its status, code,
 * message and details unchanged), carrying every field's problem in `errors`.
 */
export function withEveryFieldProblem(refusals: readonly DomainError[], more: readonly FieldProblem[] = []): DomainError {
  const [first] = refusals;
  const errors = [...refusals.map(fieldProblemOf).filter((problem): problem is FieldProblem => problem !== null), ...more];
  return new DomainError(first.kind, first.code, first.message, { ...first.details, errors });
}
