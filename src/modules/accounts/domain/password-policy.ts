import { dictionary } from '@zxcvbn-ts/language-common';
import { COMMON_PASSWORD_MESSAGE, CommonPasswords } from './common-passwords';
import { PASSWORD_RULE_MESSAGES, passwordRuleProblems, PasswordRuleProblem } from './password-rules';

/**
 * The 49,233 common passwords zxcvbn-ts maintains, reduced to look-up keys once, when this
 * module loads (about 0.1 s and 7 MB of heap, paid at start, never by a signup). It is plain data
 * shipped in a runtime dependency, read by `require` like code, so the domain stays pure: no
 * file, no network, nothing to inject. zxcvbn's estimator itself never runs on the server (its
 * cost is the browser's, in the join page's meter).
 */
export const COMMON_PASSWORDS = new CommonPasswords(dictionary['passwords-common']);

/** R13: the character rules (password-rules.ts, shared with the join page) plus the common-password list. */
export type PasswordProblem = PasswordRuleProblem | 'too_common';

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  ...PASSWORD_RULE_MESSAGES,
  too_common: COMMON_PASSWORD_MESSAGE,
};

export function passwordProblems(password: string): PasswordProblem[] {
  const problems: PasswordProblem[] = passwordRuleProblems(password);
  if (problems.length === 0 && COMMON_PASSWORDS.has(password)) problems.push('too_common');
  return problems;
}
