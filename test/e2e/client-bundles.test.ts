import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PASSWORD_RULE_MESSAGES } from '../../src/modules/accounts/domain/password-rules';
import { INVALID_EMAIL, NAME_REQUIRED, PASSWORDS_DO_NOT_MATCH, TERMS_NOT_ACCEPTED } from '../../src/modules/signup/domain/signup-messages';

// The join page's script imports the server's password rules and signup words from pure domain
// files. This checks the built bundle (npm run build, done by pretest): it says the server's
// words, and the import never dragged the 49,233 common passwords into a page script.
const bundle = (name: string) => readFileSync(join(__dirname, '..', '..', 'dist', 'client', `${name}.js`), 'utf8');

describe('the join page script as built', () => {
  it('says word for word what the server says', () => {
    const script = bundle('join');
    const words = [...Object.values(PASSWORD_RULE_MESSAGES), INVALID_EMAIL, PASSWORDS_DO_NOT_MATCH, TERMS_NOT_ACCEPTED, ...Object.values(NAME_REQUIRED)];
    // esbuild may turn a template literal into a concatenation: compare the fixed parts.
    const missing = words.filter((text) => !text.split(/\d+/).every((part) => script.includes(part)));
    expect(missing).toEqual([]);
  });

  it('stays small: the common-password list is the server’s (and the strength worker’s), not the page’s', () => {
    const script = bundle('join');
    expect(script.length).toBeLessThan(20_000);
    expect(script).not.toMatch(/qwerty/i);
    // The worker does carry the list (zxcvbn needs it), so the check above is not vacuous.
    expect(bundle('strength-worker')).toMatch(/qwerty/i);
  });
});
