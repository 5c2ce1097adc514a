/** DI token of the MailSender port. */
export const MAIL_SENDER = Symbol('MAIL_SENDER');

/** One mail as the service writes it: every field is final, nothing is added on the way. */
export interface OutgoingMail {
  /**
   * The RFC 5322 Message-ID without angle brackets (`<local>@<domain>`). Stable for one message:
   * a retry after an unknown outcome sends the same id, so receivers can drop the duplicate.
   */
  readonly messageId: string;
  /** One recipient address. */
  readonly to: string;
  readonly subject: string;
  /** Plain-text body. */
  readonly text: string;
  /** HTML body: self-contained, no remote images, no tracking, no third-party URL. */
  readonly html: string;
}

/**
 * Hands mails to a mail server (SMTP in the service). The mail outbox calls it; it knows nothing
 * of why a mail is sent.
 */
export interface MailSender {
  /** False when no mail server is configured (SMTP_URL unset): `send` then always fails. */
  readonly configured: boolean;
  /**
   * Resolves once the server accepted the mail for delivery. Rejects with MailDeliveryError
   * otherwise; the outbox retries later whatever the error says.
   */
  send(mail: OutgoingMail): Promise<void>;
  /** Closes pooled connections; idempotent. */
  close(): Promise<void>;
}

/** Why a mail was not accepted, in words an operator can act on (never the mail's content). */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    /** The SMTP reply code when the server answered one (4xx: try later, 5xx: refused). */
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}
