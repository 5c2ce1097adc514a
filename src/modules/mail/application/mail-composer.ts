import { RecordedEvent } from '../../../shared/application/event-store.port';
import { OutgoingMail } from '../../../shared/application/mail-sender.port';

/** Why a queued mail is not sent after all; recorded in MailDiscarded. */
export interface NoLongerNeeded {
  readonly discard: string;
}

/**
 * Writes the mails of one kind (MAIL_REQUEST_EVENTS) from the event that asked for them, at the
 * moment they are sent: the same event always gives the same mail, so a retry sends the same
 * message. Answers NoLongerNeeded when what the mail was for is over.
 */
export interface MailComposer {
  readonly kind: string;
  compose(request: RecordedEvent, messageId: string): Promise<OutgoingMail | NoLongerNeeded>;
}
