import { EMPTY_VERDICT, strengthVerdict } from './strength-verdict';

const estimate = (score: number, warning: string | null = null, suggestions: string[] = []) => ({ score, feedback: { warning, suggestions } });

describe("the meter's verdict", () => {
  it("says very weak, in the server's words, for a password the server refuses as common, whatever zxcvbn scores", () => {
    expect(strengthVerdict(estimate(3), true)).toEqual({
      value: 1,
      level: 'very weak',
      text: 'Strength: very weak — This password is too common. Choose a less predictable one.',
    });
  });

  it("gives zxcvbn's warning and first suggestion below good", () => {
    expect(strengthVerdict(estimate(1, 'Recent years are easy to guess.', ['Avoid recent years.', 'Add more words.']), false)).toEqual({
      value: 2,
      level: 'weak',
      text: 'Strength: weak — Recent years are easy to guess. Avoid recent years.',
    });
    expect(strengthVerdict(estimate(2), false).text).toBe('Strength: fair — Add another word or two.');
  });

  it('needs no advice from good on', () => {
    expect(strengthVerdict(estimate(3, null, ['Add more words.']), false)).toEqual({ value: 4, level: 'good', text: 'Strength: good' });
    expect(strengthVerdict(estimate(4), false)).toEqual({ value: 5, level: 'strong', text: 'Strength: strong' });
  });

  it('starts empty', () => {
    expect(EMPTY_VERDICT.value).toBe(0);
  });
});
