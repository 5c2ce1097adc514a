import { Module } from '@nestjs/common';
import { MAIL_OUTBOX_SETTINGS, MailOutbox, mailOutboxSettingsFromEnv } from './application/mail-outbox';

/**
 * The mail outbox: sends the mails that events ask for (MAIL_REQUEST_EVENTS) through the
 * MailSender port, and records each one on its own stream. Modules that ask for mails register
 * the composer that writes them (MailOutbox.register).
 */
@Module({
  providers: [MailOutbox, { provide: MAIL_OUTBOX_SETTINGS, useFactory: () => mailOutboxSettingsFromEnv(process.env) }],
  exports: [MailOutbox],
})
export class MailModule {}
