import { SignupRefusalReason, SignupRefusals } from '../../../shared/application/signup-refusals.port';
import { DomainError } from '../../../shared/domain/domain-error';

/**
 * The refusal reason of an error a signup threw, or null for anything else: a form with rule
 * violations, an unverified Microsoft email or a crash are not refusals operators count here.
 * Keyed by the errors' stable codes, whichever check threw them (the early answers or the
 * decisions at the appends, R22).
 */
const REASON_BY_CODE: Readonly<Record<string, SignupRefusalReason>> = {
  invalid_invite_link: 'link_not_valid',
  email_domain_not_allowed: 'domain_not_allowed',
  user_already_registered: 'already_registered',
  microsoft_tenant_not_allowed: 'microsoft_organization_not_allowed',
};

export function signupRefusalReasonOf(error: unknown): SignupRefusalReason | null {
  if (!(error instanceof DomainError)) return null;
  return Object.hasOwn(REASON_BY_CODE, error.code) ? REASON_BY_CODE[error.code] : null;
}

/** Runs one signup attempt; a refusal it throws is counted, then rethrown unchanged. */
export async function countingRefusals<T>(refusals: SignupRefusals, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    const reason = signupRefusalReasonOf(error);
    if (reason !== null) refusals.record(reason);
    throw error;
  }
}
