import { dictionary } from '@zxcvbn-ts/language-common';
import fc from 'fast-check';
import { COMMON_PASSWORD_MESSAGE, CommonPasswords, commonPasswordKeys, MAX_STRIPPED_FOR_WORD } from './common-passwords';
import { COMMON_PASSWORDS, PASSWORD_PROBLEM_MESSAGES, passwordProblems } from './password-policy';

const COMMON_LIST = dictionary['passwords-common'];

describe('R13: common passwords, from the list zxcvbn-ts maintains', () => {
  it('uses the whole maintained list (49,233 entries), not a hand-typed one', () => {
    expect(COMMON_LIST).toHaveLength(49_233);
    expect(COMMON_LIST).toEqual(expect.arrayContaining(['summer', 'password', 'p@ssw0rd', 'dragon']));
    // Fewer keys than entries: `password1` and `password` share theirs, as they should.
    expect(COMMON_PASSWORDS.size.words).toBeGreaterThan(30_000);
    expect(COMMON_PASSWORDS.size.alphanumerics).toBeGreaterThan(45_000);
  });

  it.each([
    'Password1!',
    'Summer2026!',
    'P@ssw0rd!',
    'sUMMER2026!', // caps lock on
    '2026Summer!',
    'Summer2026!@#',
    'Autumn2026!',
    'Dragon2026#',
    'M0nk3y!2026',
    'Abc123!@#',
    'Aa123456!',
    'Test@123',
    'Pa$$w0rd99',
    'Welc0me-2026',
  ])('refuses %j as too common, with the existing message', (password) => {
    expect(passwordProblems(password)).toEqual(['too_common']);
    expect(PASSWORD_PROBLEM_MESSAGES.too_common).toBe('This password is too common. Choose a less predictable one.');
    expect(PASSWORD_PROBLEM_MESSAGES.too_common).toBe(COMMON_PASSWORD_MESSAGE);
  });

  it.each([
    'Correct-Horse-Battery-9',
    'vN7#qLp2!xWe',
    'Cr4sh-Test-Passw0rd!',
    'Glacier-Violet-Tram-42',
    'Adm1n-Passw0rd!',
    'Str0ng!Kx9_vQ2m',
    'Abc!7#Qx9w',
  ])('accepts %j', (password) => {
    expect(passwordProblems(password)).toEqual([]);
  });

  it('reports the other rules first and the list only once they pass (unchanged)', () => {
    expect(passwordProblems('summer')).toEqual(['too_short', 'missing_uppercase', 'missing_digit', 'missing_special']);
    expect(passwordProblems('Summer2026')).toEqual(['missing_special']);
  });

  it('refuses none of 3,000 random 12- to 24-character passwords that meet the other rules', () => {
    const printable = fc.mapToConstant({ num: 94, build: (index) => String.fromCharCode(0x21 + index) });
    const strong = fc
      .string({ unit: printable, minLength: 12, maxLength: 24 })
      .filter((password) => passwordProblems(password).every((problem) => problem === 'too_common'));
    // Fixed seed: the same sample every run, so the figure is a fact and not a coin toss.
    const refused = fc.sample(strong, { numRuns: 3_000, seed: 20_260_411 }).filter((password) => COMMON_PASSWORDS.has(password));
    expect(refused).toEqual([]);
  });
});

describe('the look-up keys', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['Summer2026!', 'summer', 'summer2o26'],
    ['P@ssw0rd!', 'password', 'password'],
    ['Hello1!', 'heiio', 'heiioi'],
    ['He11o2026', 'heiio', 'heiio2o26'],
    ['#2Moon', 'moon', '2moon'],
    ['Abc123!@#', undefined, 'abci2e'],
    ['ab!', undefined, undefined],
  ])('%j → word %j, alphanumeric %j', (password, word, alphanumeric) => {
    expect(commonPasswordKeys(password)).toEqual({ word, alphanumeric });
  });

  it('folds look-alikes the same way in the list and in the password', () => {
    const list = new CommonPasswords(['hello', 'p@ssw0rd', 'kiwi']);
    expect(list.has('He11o2026!')).toBe(true);
    expect(list.has('HELLO!')).toBe(true);
    expect(list.has('Password1!')).toBe(true);
    expect(list.has('Pa$$word9')).toBe(true);
    expect(list.has('Pasword1!')).toBe(false);
  });

  it('never looks up a core shorter than 4 characters', () => {
    const list = new CommonPasswords(['abc', 'kiwi']);
    expect(list.has('Abc!2026')).toBe(false);
    expect(passwordProblems('2026!Abc')).toEqual([]); // `abc` is in the real list, and not looked up
    expect(list.has('Kiwi!2026')).toBe(true);
  });

  it(`ignores the word when more than ${MAX_STRIPPED_FOR_WORD} characters were stripped to reach it`, () => {
    const list = new CommonPasswords(['moon']);
    expect(list.has('Moon2026!@#')).toBe(true); // 7 stripped: a predictable suffix
    expect(list.has('#4&9Moon%2=*')).toBe(false); // 8 stripped: moon is a small part of it
  });

  it('counts characters by code point, so a letter outside the BMP is one character', () => {
    expect(commonPasswordKeys('𝒜bc!')).toEqual({ word: undefined, alphanumeric: undefined });
    expect(commonPasswordKeys('𝒜bcd!').word).toBe('𝒜bcd');
  });
});
