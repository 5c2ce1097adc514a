import { ConfigError } from '../../../config/app-config';
import { given } from '../../../shared/domain/testing/given-when-then';
import { mailDecider } from '../domain/mail.events';
import { DEFAULT_MAIL_OUTBOX_SETTINGS, mailOutboxSettingsFromEnv, retryDelayMs } from './mail-outbox';

describe('mail outbox', () => {
  it('backs off exponentially from the minimum up to the maximum, with jitter in the upper half', () => {
    const settings = { retryMinMs: 1000, retryMaxMs: 8000 };
    expect(retryDelayMs(1, settings, () => 0)).toBe(500);
    expect(retryDelayMs(1, settings, () => 1)).toBe(1000);
    expect(retryDelayMs(2, settings, () => 1)).toBe(2000);
    expect(retryDelayMs(3, settings, () => 1)).toBe(4000);
    expect(retryDelayMs(4, settings, () => 1)).toBe(8000);
    expect(retryDelayMs(50, settings, () => 1)).toBe(8000);
    expect(retryDelayMs(50, settings, () => 0)).toBe(4000);
  });

  it('reads its settings from the environment and names a bad variable', () => {
    expect(mailOutboxSettingsFromEnv({})).toEqual(DEFAULT_MAIL_OUTBOX_SETTINGS);
    expect(mailOutboxSettingsFromEnv({ MAIL_OUTBOX_POLL_MS: '200', MAIL_RETRY_MIN_MS: '100', MAIL_RETRY_MAX_MS: '50' })).toMatchObject({
      pollMs: 200,
      retryMinMs: 100,
      retryMaxMs: 100,
    });
    expect(() => mailOutboxSettingsFromEnv({ MAIL_RETRY_MIN_MS: 'soon' })).toThrow(ConfigError);
    expect(() => mailOutboxSettingsFromEnv({ MAIL_RETRY_MIN_MS: 'soon' })).toThrow(/MAIL_RETRY_MIN_MS/);
  });

  it('records a message as sent or discarded once', () => {
    const sent = { type: 'MailSent' as const, data: { messageId: 'm1', kind: 'email_verification', attempts: 2 } };
    given(mailDecider).when({ type: 'RecordMailSent', messageId: 'm1', kind: 'email_verification', attempts: 2 }).then([sent]);
    given(mailDecider, sent).when({ type: 'RecordMailSent', messageId: 'm1', kind: 'email_verification', attempts: 3 }).then([]);
    given(mailDecider, sent).when({ type: 'DiscardMail', messageId: 'm1', kind: 'email_verification', reason: 'x' }).then([]);
  });
});
