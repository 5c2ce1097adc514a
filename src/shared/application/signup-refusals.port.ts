/**
 * Why a signup through an invite link was refused, as operators count them. The values are the
 * `reason` label of the Prometheus counter (docs/http-api.md, GET /metrics): renaming one breaks
 * every dashboard and alert that names it.
 */
export const SIGNUP_REFUSAL_REASONS = [
  'link_not_valid',
  'domain_not_allowed',
  'already_registered',
  'microsoft_organization_not_allowed',
  'rate_limited',
] as const;

export type SignupRefusalReason = (typeof SIGNUP_REFUSAL_REASONS)[number];

/** DI token of the SignupRefusals port. */
export const SIGNUP_REFUSALS = Symbol('SIGNUP_REFUSALS');

/**
 * Counts refused signups. Deliberately not an event: the signup path is unauthenticated, so an
 * event per refusal would let anyone write to the event store at will. A count costs no write.
 * It lives in the kernel because the rate limits (shared/http) report refusals too.
 */
export interface SignupRefusals {
  record(reason: SignupRefusalReason): void;
}
