import { Decider } from '../../../shared/domain/decider';
import { DomainEvent } from '../../../shared/domain/event';

/**
 * The mail outbox's record, one stream per message (`mail-<messageId>`): a mail is asked for by an
 * event of another stream (its id is the message id, see MAIL_REQUEST_EVENTS) and is done once this
 * stream says it was handed to the mail server or discarded. Nothing else is stored: the mail's
 * content is written again from the asking event whenever it is sent.
 */
export const mailStream = (messageId: string): string => `mail-${messageId}`;

/** The mail server accepted the message for delivery (after `attempts` tries). */
export type MailSent = DomainEvent<'MailSent', { messageId: string; kind: string; attempts: number }>;
/** The message will not be sent: what it was for is over (e.g. the registration was undone). */
export type MailDiscarded = DomainEvent<'MailDiscarded', { messageId: string; kind: string; reason: string }>;
export type MailEvent = MailSent | MailDiscarded;

/**
 * Event types that ask for one mail each, and the kind of mail (the composer that writes it).
 * The mail outbox read model queues them; adding a kind of mail means adding its asking event here.
 */
export const MAIL_REQUEST_EVENTS: Readonly<Record<string, string>> = {
  EmailVerificationRequested: 'email_verification',
  EmailVerificationResent: 'email_verification',
};

export interface MailState {
  readonly done: boolean;
}

export type MailCommand =
  | { type: 'RecordMailSent'; messageId: string; kind: string; attempts: number }
  | { type: 'DiscardMail'; messageId: string; kind: string; reason: string };

/** A message is done once: a second "sent" or "discarded" (another instance, a retry) records nothing. */
export const mailDecider: Decider<MailCommand, MailState, MailEvent> = {
  initialState: { done: false },
  decide(command, state) {
    if (state.done) return [];
    switch (command.type) {
      case 'RecordMailSent':
        return [{ type: 'MailSent', data: { messageId: command.messageId, kind: command.kind, attempts: command.attempts } }];
      case 'DiscardMail':
        return [{ type: 'MailDiscarded', data: { messageId: command.messageId, kind: command.kind, reason: command.reason } }];
    }
  },
  evolve: () => ({ done: true }),
};
