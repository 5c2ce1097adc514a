/**
 * R13's "not a commonly used password", as O(1) look-ups in a maintained list.
 *
 * People dress a common password up to pass the other rules: a capital, a year, a "!", an "@"
 * for an "a" (`Summer2026!`, `P@ssw0rd!`). So a password and every list entry are reduced to the
 * same keys, and the password is common when one of its keys is one of the list's:
 *
 * - the *word* key: lower-cased, digits and symbols stripped from both ends, look-alike
 *   characters folded (`Summer2026!` → `summer`, `P@ssw0rd!` → `password`);
 * - the *alphanumeric* key: lower-cased, only symbols stripped from both ends, folded, for list
 *   entries that are mostly digits (`Aa123456!` → `aa123456`, `Abc123!@#` → `abc123`).
 *
 * False positives are kept out in two ways: a key shorter than MIN_KEY_LENGTH is never looked up
 * (a 3-letter core matches too much), and the word key is not used when more than
 * MAX_STRIPPED_FOR_WORD characters were stripped to reach it (in `#4&9Moon%2=*` the word `moon`
 * is a small part of a random password, while in `Summer2026!@#` the suffix is predictable).
 *
 * Pure and dependency-free on purpose: the server (password-policy.ts) and the join page's
 * bundled script (src/web/client) build the same keys from the same list, so the page never
 * calls a password strong that the server refuses as common.
 */

/** Shorter keys are never looked up: `abc`, `aa` and the like would refuse strong passwords. */
export const MIN_KEY_LENGTH = 4;

/** A word key reached by stripping more than this many characters says little about the whole. */
export const MAX_STRIPPED_FOR_WORD = 7;

/**
 * Look-alikes folded to one letter, applied after lower-casing and stripping. `1` stands for
 * both `i` and `l`, so `l` is folded too: `he11o` and `hello` give the same key. Only the
 * substitutions people commonly use; every extra one would make more keys collide.
 */
const FOLD: ReadonlyMap<string, string> = new Map([
  ['0', 'o'],
  ['1', 'i'],
  ['l', 'i'],
  ['!', 'i'],
  ['3', 'e'],
  ['4', 'a'],
  ['@', 'a'],
  ['$', 's'],
  ['5', 's'],
  ['7', 't'],
]);

/** Letters (with their combining marks) make a word; digits too make the alphanumeric key. */
const LETTER = /[\p{L}\p{M}]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{M}\p{N}]/u;

function isLetter(character: string): boolean {
  const code = character.charCodeAt(0);
  // ASCII (nearly every list entry) without a regular expression: the list loads twice as fast.
  if (code < 0x80) return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
  return LETTER.test(character);
}

function isLetterOrDigit(character: string): boolean {
  const code = character.charCodeAt(0);
  if (code < 0x80) return ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) || (code >= 0x30 && code <= 0x39);
  return LETTER_OR_DIGIT.test(character);
}

/**
 * What is left of `characters` once everything `keep` refuses is taken off both ends, with the
 * look-alikes folded; undefined when that is too short to look up.
 */
function key(characters: readonly string[], keep: (character: string) => boolean): { key: string; stripped: number } | undefined {
  let start = 0;
  let end = characters.length;
  while (start < end && !keep(characters[start])) start += 1;
  while (end > start && !keep(characters[end - 1])) end -= 1;
  if (end - start < MIN_KEY_LENGTH) return undefined;
  let folded = '';
  for (let i = start; i < end; i += 1) folded += FOLD.get(characters[i]) ?? characters[i];
  return { key: folded, stripped: characters.length - (end - start) };
}

export interface CommonPasswordKeys {
  readonly word?: string;
  readonly alphanumeric?: string;
}

/**
 * The keys of one password (or list entry). `limitStripping` is off for list entries: an entry
 * is common whatever was stripped from it (`123456summer` stands for `summer` too).
 */
export function commonPasswordKeys(password: string, limitStripping = true): CommonPasswordKeys {
  // By code point, so that a letter outside the BMP counts as one character and is never split.
  const characters = Array.from(password.toLowerCase());
  const word = key(characters, isLetter);
  return {
    word: word && (!limitStripping || word.stripped <= MAX_STRIPPED_FOR_WORD) ? word.key : undefined,
    alphanumeric: key(characters, isLetterOrDigit)?.key,
  };
}

/** A list of common passwords, reduced once to its keys. */
export class CommonPasswords {
  private readonly words = new Set<string>();
  private readonly alphanumerics = new Set<string>();

  constructor(entries: Iterable<string>) {
    for (const entry of entries) {
      const { word, alphanumeric } = commonPasswordKeys(entry, false);
      if (word !== undefined) this.words.add(word);
      if (alphanumeric !== undefined) this.alphanumerics.add(alphanumeric);
    }
  }

  /** A few string operations and at most two Set look-ups, whatever the list's size. */
  has(password: string): boolean {
    const { word, alphanumeric } = commonPasswordKeys(password);
    return (word !== undefined && this.words.has(word)) || (alphanumeric !== undefined && this.alphanumerics.has(alphanumeric));
  }

  get size(): { readonly words: number; readonly alphanumerics: number } {
    return { words: this.words.size, alphanumerics: this.alphanumerics.size };
  }
}

export const COMMON_PASSWORD_MESSAGE = 'This password is too common. Choose a less predictable one.';
