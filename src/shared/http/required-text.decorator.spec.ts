import 'reflect-metadata';
import { validateSync } from 'class-validator';
import { NAME_MAX_LENGTH, RequiredText } from './required-text.decorator';

class Named {
  @RequiredText(NAME_MAX_LENGTH.person)
  firstName: unknown;
}

function messagesFor(value: unknown): string[] {
  const named = Object.assign(new Named(), { firstName: value });
  return validateSync(named).flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('RequiredText: the one rule of every name', () => {
  it.each(['Dana', 'Anne-Marie O\u2019Neil', 'Jose\u0301', '\u5c71\u7530\u3000\u592a\u90ce', '\u{1F469}\u200d\u{1F4BB}', 'x'.repeat(100)])(
    'accepts %j',
    (value) => {
      expect(messagesFor(value)).toEqual([]);
    },
  );

  it.each<[string, unknown, string]>([
    ['NUL', 'Da\u0000na', 'firstName must not contain a control character (U+0000)'],
    ['a newline', 'Dana\nScully', 'firstName must not contain a control character (U+000A)'],
    ['a lone surrogate', 'Dana\ud800', 'firstName must not contain an unpaired surrogate (U+D800)'],
    ['a right-to-left override', '\u202eanaD', 'firstName must not contain a text-direction control (U+202E)'],
    ['a left-to-right isolate', 'Dana\u2066', 'firstName must not contain a text-direction control (U+2066)'],
    ['a right-to-left mark', 'Dana\u200f', 'firstName must not contain a text-direction control (U+200F)'],
    ['a line separator', 'Dana\u2028Scully', 'firstName must not contain a line break (U+2028)'],
    ['too long', 'x'.repeat(101), 'firstName must be shorter than or equal to 100 characters'],
    ['empty', '', 'firstName must be longer than or equal to 1 characters'],
    ['blank', ' \u00a0 ', 'firstName must not be blank'],
    ['invisible only', '\u200b\u200b', 'firstName must not be blank'],
    ['a number', 42, 'firstName must be a string'],
  ])('refuses %s, naming the field', (_name, value, message) => {
    expect(messagesFor(value)).toContain(message);
  });

  it('shares its limits with every name field', () => {
    expect(NAME_MAX_LENGTH).toEqual({ organization: 200, role: 100, person: 100 });
  });
});
