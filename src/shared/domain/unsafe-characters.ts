/**
 * Characters that no name or email address needs and that make text lie about itself:
 * - control characters (C0, DEL, C1): NUL cuts strings short in C libraries and log tools, CR/LF
 *   forge lines in logs and mail headers;
 * - unpaired UTF-16 surrogates: not text at all; encoders throw on them (`encodeURI`) or silently
 *   turn them into U+FFFD, so what is stored is not what was checked;
 * - text-direction controls (embeddings, overrides, isolates, LRM/RLM/ALM): they reorder what a
 *   reader sees, so `moc.evil@ann` can display as `ann@live.com`;
 * - line and paragraph separators (U+2028, U+2029): line breaks by another name;
 * - the replacement character U+FFFD: what an unpaired surrogate or broken UTF-8 becomes once
 *   decoded (a form post cannot carry a lone surrogate, it arrives as U+FFFD), never typed.
 * Emails refuse, in addition, every whitespace and every invisible formatting character (zero-width
 * spaces and joiners, soft hyphen, BOM): an address is one visible token, and two spellings that look
 * the same must not be two accounts. Names keep their spaces and the joiners some scripts need.
 */

export type UnsafeCharacterKind =
  | 'a control character'
  | 'an unpaired surrogate'
  | 'a text-direction control'
  | 'a line break'
  | 'a replacement character'
  | 'whitespace'
  | 'an invisible formatting character';

export interface UnsafeCharacter {
  readonly kind: UnsafeCharacterKind;
  /** `U+202E`: safe to show and to log, unlike the character itself. */
  readonly codePoint: string;
}

export type TextRules = 'name' | 'email';

const FORMAT = /^\p{Cf}$/u;
const WHITESPACE = /^[\s\p{Z}]$/u;

function isTextDirectionControl(code: number): boolean {
  return (
    code === 0x061c || // ARABIC LETTER MARK
    code === 0x200e || // LEFT-TO-RIGHT MARK
    code === 0x200f || // RIGHT-TO-LEFT MARK
    (code >= 0x202a && code <= 0x202e) || // embeddings and overrides
    (code >= 0x2066 && code <= 0x2069) // isolates
  );
}

function kindOf(code: number, rules: TextRules): UnsafeCharacterKind | null {
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'a control character';
  if (code >= 0xd800 && code <= 0xdfff) return 'an unpaired surrogate';
  if (isTextDirectionControl(code)) return 'a text-direction control';
  if (code === 0x2028 || code === 0x2029) return 'a line break';
  if (code === 0xfffd) return 'a replacement character';
  if (rules === 'email') {
    const character = String.fromCodePoint(code);
    if (WHITESPACE.test(character)) return 'whitespace';
    if (FORMAT.test(character)) return 'an invisible formatting character';
  }
  return null;
}

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character `text` must not contain under `rules`, or null. One pass, no recursion. */
export function firstUnsafeCharacter(text: string, rules: TextRules): UnsafeCharacter | null {
  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = index + 1 < text.length ? text.charCodeAt(index + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        index++;
      }
    }
    const kind = kindOf(code, rules);
    if (kind !== null) return { kind, codePoint: hex(code) };
  }
  return null;
}

/** "a text-direction control (U+202E)": the problem in words, without echoing the character. */
export const describeUnsafeCharacter = (found: UnsafeCharacter): string => `${found.kind} (${found.codePoint})`;

/**
 * `text` without the characters `rules` refuse, in NFC: for text we did not type and must not
 * refuse, such as the display name an identity provider sends. Pairs stay whole; only unpaired
 * surrogates go.
 */
export function withoutUnsafeCharacters(text: string, rules: TextRules): string {
  let kept = '';
  for (const character of text) {
    // A lone surrogate is its own one-unit "character" here; kindOf judges it like any other.
    if (kindOf(character.codePointAt(0) ?? 0, rules) === null) kept += character;
  }
  return kept.normalize('NFC');
}

/**
 * The longest start of `text` that fits in `maxUnits` UTF-16 units (how name lengths are counted
 * and stored), never cutting a surrogate pair in half.
 */
export function firstCharacters(text: string, maxUnits: number): string {
  let kept = '';
  for (const character of text) {
    if (kept.length + character.length > maxUnits) break;
    kept += character;
  }
  return kept;
}
