import * as browser from '../../src/web/client/join/join-messages';
import * as server from '../../src/web/pages/form-messages';

// The join page's script repeats the server's messages (browser code may import only client and
// domain modules). This check lives here, not beside the script, because it loads server code,
// which the browser tsconfig (DOM, no Node) cannot typecheck.

describe('the join form messages the browser shows', () => {
  it('are word for word the ones the server answers', () => {
    const { too_common: _serverOnly, ...visible } = server.PASSWORD_PROBLEM_MESSAGES;
    expect(browser.PASSWORD_PROBLEM_MESSAGES).toEqual(visible);
    expect(browser.PASSWORD_MIN_LENGTH).toBe(server.PASSWORD_MIN_LENGTH);
    expect(browser.PASSWORD_MAX_LENGTH).toBe(server.PASSWORD_MAX_LENGTH);
    expect(browser.PASSWORD_MISMATCH_MESSAGE).toBe(server.PASSWORD_MISMATCH_MESSAGE);
    expect(browser.TERMS_NOT_ACCEPTED_MESSAGE).toBe(server.TERMS_NOT_ACCEPTED_MESSAGE);
    expect(browser.INVALID_EMAIL_MESSAGE).toBe(server.INVALID_EMAIL_MESSAGE);
    expect(browser.REQUIRED_MESSAGES).toEqual(server.REQUIRED_MESSAGES);
  });
});
