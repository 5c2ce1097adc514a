/** DI token of the MailOutboxMetrics port. */
export const MAIL_OUTBOX_METRICS = Symbol('MAIL_OUTBOX_METRICS');

/**
 * What operators watch of the mail outbox (GET /metrics): mails sent and failed attempts by kind,
 * and the backlog: how many mails wait and how long the oldest has waited (the outbox's lag).
 */
export interface MailOutboxMetrics {
  sent(kind: string): void;
  failed(kind: string): void;
  backlog(queued: number, oldestAgeSeconds: number): void;
}

/** For contexts without metrics (unit tests, command-line tools). */
export const NO_MAIL_OUTBOX_METRICS: MailOutboxMetrics = { sent: () => undefined, failed: () => undefined, backlog: () => undefined };
