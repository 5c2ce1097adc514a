import { COMMON_PASSWORD_MESSAGE } from '../../../modules/accounts/domain/common-passwords';

/** zxcvbn's score (0–4) in words. */
export const STRENGTH_LEVELS = ['very weak', 'weak', 'fair', 'good', 'strong'] as const;
export type StrengthLevel = (typeof STRENGTH_LEVELS)[number];

/** What the meter shows: a bar from 0 (empty) to 5 and one sentence for the live region. */
export interface StrengthVerdict {
  readonly value: number;
  readonly level: StrengthLevel | 'none';
  readonly text: string;
}

export const METER_MAX = 5;
export const EMPTY_VERDICT: StrengthVerdict = { value: 0, level: 'none', text: 'Strength: type a password to see how strong it is.' };

/**
 * The meter's sentence, from zxcvbn's estimate and the server's own common-password check.
 * `common` wins over the estimate: the server refuses such a password whatever zxcvbn thinks,
 * so the page says so with the server's words rather than calling it fair or good.
 */
export function strengthVerdict(
  estimate: { readonly score: number; readonly feedback: { readonly warning: string | null; readonly suggestions: readonly string[] } },
  common: boolean,
): StrengthVerdict {
  if (common) return { value: 1, level: 'very weak', text: `Strength: very weak — ${COMMON_PASSWORD_MESSAGE}` };
  const score = Math.max(0, Math.min(4, Math.round(estimate.score)));
  const level = STRENGTH_LEVELS[score];
  if (score >= 3) return { value: score + 1, level, text: `Strength: ${level}` };
  const advice = [estimate.feedback.warning, estimate.feedback.suggestions[0]].filter((part): part is string => Boolean(part));
  const text = advice.length ? advice.join(' ') : 'Add another word or two.';
  return { value: score + 1, level, text: `Strength: ${level} — ${text}` };
}
