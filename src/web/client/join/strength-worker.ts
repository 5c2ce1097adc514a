import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import { CommonPasswords } from '../../../modules/accounts/domain/common-passwords';
import { strengthVerdict, StrengthVerdict } from './strength-verdict';

/**
 * The estimate, in a Web Worker started by the join page's meter (password-strength.ts), served
 * as /assets/password-strength-worker.<hash>.js. zxcvbn is costly: its dictionaries take a few
 * hundred milliseconds to prepare, and some inputs take a second to estimate (`Aa1!ab!1ab!1…`,
 * measured 0.5–1.2 s). Here that never stalls typing in the page, and never the server.
 */

export interface StrengthRequest {
  readonly id: number;
  readonly password: string;
  /** The person's name and email, which zxcvbn counts as easy to guess. */
  readonly userInputs: readonly string[];
}

export interface StrengthResponse {
  readonly id: number;
  readonly verdict: StrengthVerdict;
}

/** zxcvbn looks at this many characters at most: longer passwords are long enough. */
const ESTIMATED_LENGTH = 64;

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...commonDictionary, ...englishDictionary },
  graphs: adjacencyGraphs,
  translations,
  maxLength: ESTIMATED_LENGTH,
});
// The server's own R13 list and keys, so the meter never calls good what the server refuses.
const common = new CommonPasswords(commonDictionary['passwords-common']);

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<StrengthRequest>) => void) | null;
  postMessage(message: StrengthResponse): void;
};

scope.onmessage = (event) => {
  const { id, password, userInputs } = event.data;
  const verdict = strengthVerdict(zxcvbn.check(password, [...userInputs]), common.has(password));
  scope.postMessage({ id, verdict });
};
