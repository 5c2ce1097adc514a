import { Counter, Gauge, Registry } from 'prom-client';
import { MailOutboxMetrics } from '../../shared/application/mail-outbox-metrics.port';

export const MAILS_SENT = 'mail_outbox_sent_total';
export const MAIL_ATTEMPTS_FAILED = 'mail_outbox_failed_attempts_total';
export const MAILS_QUEUED = 'mail_outbox_queued';
export const MAIL_OUTBOX_LAG = 'mail_outbox_lag_seconds';

/** Mail kinds exposed from the start, so that rate() and alerts see the first mail too. */
const KNOWN_KINDS = ['email_verification'];

/** The MailOutboxMetrics port as Prometheus series. */
export class PrometheusMailOutboxMetrics implements MailOutboxMetrics {
  private readonly sentTotal: Counter<'kind'>;
  private readonly failedTotal: Counter<'kind'>;
  private readonly queued: Gauge;
  private readonly lag: Gauge;

  constructor(registry: Registry) {
    this.sentTotal = new Counter({
      name: MAILS_SENT,
      help: 'Mails the mail server accepted, by kind',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.failedTotal = new Counter({
      name: MAIL_ATTEMPTS_FAILED,
      help: 'Attempts to send a mail that failed (each is retried with backoff), by kind',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.queued = new Gauge({
      name: MAILS_QUEUED,
      help: 'Mails asked for and not yet sent or discarded, at the outbox\'s last pass (counted up to one batch, 50)',
      registers: [registry],
    });
    this.lag = new Gauge({
      name: MAIL_OUTBOX_LAG,
      help: 'How long the oldest queued mail has waited, in seconds, at the outbox\'s last pass (0 when none waits)',
      registers: [registry],
    });
    for (const kind of KNOWN_KINDS) {
      this.sentTotal.inc({ kind }, 0);
      this.failedTotal.inc({ kind }, 0);
    }
    this.queued.set(0);
    this.lag.set(0);
  }

  sent(kind: string): void {
    this.sentTotal.inc({ kind });
  }

  failed(kind: string): void {
    this.failedTotal.inc({ kind });
  }

  backlog(queued: number, oldestAgeSeconds: number): void {
    this.queued.set(queued);
    this.lag.set(oldestAgeSeconds);
  }
}
